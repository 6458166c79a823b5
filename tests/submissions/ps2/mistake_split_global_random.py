"""train_val_split shuffles with the global np.random, not with rng."""
KIND = "mistake"
FAILS = {"test_train_val_split": "global np.random"}
EDITS = {"solution_train_val_split": [("rng.permutation(len(X))", "np.random.permutation(len(X))")]}
