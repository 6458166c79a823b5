"""one_hot takes K from the labels (max + 1) instead of num_classes."""
KIND = "mistake"
FAILS = {'test_one_hot': 'num_classes'}
EDITS = {
    "solution_one_hot": [
        ("Y = np.zeros((labels.shape[0], num_classes))", "Y = np.zeros((labels.shape[0], labels.max() + 1))"),
    ],
}
