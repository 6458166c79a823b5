"""train_val_split truncates val_fraction * N with int() instead of rounding it."""
KIND = "mistake"
FAILS = {"test_train_val_split": "round(val_fraction * N)"}
EDITS = {"solution_train_val_split": [("n_val = round(val_fraction * len(X))", "n_val = int(val_fraction * len(X))")]}
