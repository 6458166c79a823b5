"""train_val_split always seeds its own generator with 0: every rng gives the same split."""
KIND = "mistake"
FAILS = {"test_train_val_split": "different seeds"}
EDITS = {"solution_train_val_split": [("rng.permutation(len(X))", "np.random.default_rng(0).permutation(len(X))")]}
