"""train_val_split returns the validation part as the training set and the other way round."""
KIND = "mistake"
FAILS = {"test_train_val_split": "swapped"}
EDITS = {"solution_train_val_split": [("val_idx, train_idx = permutation[:n_val], permutation[n_val:]",
                                       "train_idx, val_idx = permutation[:n_val], permutation[n_val:]")]}
