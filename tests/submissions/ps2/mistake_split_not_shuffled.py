"""train_val_split takes the first rows for validation, without shuffling."""
KIND = "mistake"
FAILS = {"test_train_val_split": "always takes the same rows"}
EDITS = {"solution_train_val_split": [("permutation = rng.permutation(len(X))", "permutation = np.arange(len(X))")]}
