"""one_hot writes Y[labels] = 1, indexing rows by the label value."""
KIND = "mistake"
FAILS = {'test_one_hot': 'one_hot'}
EDITS = {"solution_one_hot": [("Y[np.arange(labels.shape[0]), labels] = 1.0", "Y[labels] = 1.0")]}
