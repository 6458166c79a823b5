"""one_hot returns the (num_classes, N) transpose."""
KIND = "mistake"
FAILS = {'test_one_hot': '(N, num_classes)'}

# %% solution_one_hot
def one_hot(labels, num_classes):
    '''One-hot encoding: labels (N,) of integers in 0..num_classes-1 -> Y (N, num_classes),
    with Y[n, labels[n]] = 1 and 0 elsewhere.'''
    labels = np.asarray(labels)
    Y = np.zeros((labels.shape[0], num_classes))
    Y[np.arange(labels.shape[0]), labels] = 1.0
    return Y.T
