"""one_hot sets column label - 1 (labels treated as 1-based)."""
KIND = "mistake"
FAILS = {'test_one_hot': 'off by one'}
EDITS = {
    "solution_one_hot": [
        ("Y[np.arange(labels.shape[0]), labels] = 1.0", "Y[np.arange(labels.shape[0]), labels - 1] = 1.0"),
    ],
}
