"""one_hot sets column label - 1 (labels treated as 1-based)."""
KIND = "mistake"
FAILS = {'test_one_hot': 'off by one'}

# %% solution_one_hot
def one_hot(labels, num_classes):
    '''One-hot encoding: labels (N,) of integers in 0..num_classes-1 -> Y (N, num_classes),
    with Y[n, labels[n]] = 1 and 0 elsewhere.'''
    labels = np.asarray(labels)
    Y = np.zeros((labels.shape[0], num_classes))
    Y[np.arange(labels.shape[0]), labels - 1] = 1.0
    return Y
