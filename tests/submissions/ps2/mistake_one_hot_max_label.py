"""one_hot takes K from the labels (max + 1) instead of num_classes."""
KIND = "mistake"
FAILS = {'test_one_hot': 'num_classes'}

# %% solution_one_hot
def one_hot(labels, num_classes):
    '''One-hot encoding: labels (N,) of integers in 0..num_classes-1 -> Y (N, num_classes),
    with Y[n, labels[n]] = 1 and 0 elsewhere.'''
    labels = np.asarray(labels)
    Y = np.zeros((labels.shape[0], labels.max() + 1))
    Y[np.arange(labels.shape[0]), labels] = 1.0
    return Y
