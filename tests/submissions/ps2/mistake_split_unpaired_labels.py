"""train_val_split shuffles X and y with two different permutations: the labels leave their rows."""
KIND = "mistake"
FAILS = {"test_train_val_split": "labels no longer match"}
EDITS = {"solution_train_val_split": [("return X[train_idx], y[train_idx], X[val_idx], y[val_idx]",
                                       "y_perm = rng.permutation(y)\n"
                                       "    return X[train_idx], y_perm[n_val:], X[val_idx], y_perm[:n_val]")]}
