"""train_val_split takes the last n_val indices of the permutation for validation (also a random split)."""
KIND = "alternative"
EDITS = {"solution_train_val_split": [("val_idx, train_idx = permutation[:n_val], permutation[n_val:]",
                                       "val_idx, train_idx = permutation[len(X) - n_val:], permutation[:len(X) - n_val]")]}
