"""train_val_split makes a fresh unseeded generator instead of using rng."""
KIND = "mistake"
FAILS = {"test_train_val_split": "same seed"}
EDITS = {"solution_train_val_split": [("rng.permutation(len(X))", "np.random.default_rng().permutation(len(X))")]}
