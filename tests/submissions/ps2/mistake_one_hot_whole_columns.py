"""one_hot writes Y[:, labels] = 1, filling whole columns."""
KIND = "mistake"
FAILS = {'test_one_hot': 'whole columns'}
EDITS = {"solution_one_hot": [("Y[np.arange(labels.shape[0]), labels] = 1.0", "Y[:, labels] = 1.0")]}
