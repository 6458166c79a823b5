"""train_val_split draws the validation and the training rows separately: the two sets overlap."""
KIND = "mistake"
FAILS = {"test_train_val_split": "both sets"}
EDITS = {"solution_train_val_split": [(
    "    permutation = rng.permutation(len(X))\n    val_idx, train_idx = permutation[:n_val], permutation[n_val:]\n",
    "    val_idx = rng.choice(len(X), size=n_val, replace=False)\n"
    "    train_idx = rng.choice(len(X), size=len(X) - n_val, replace=False)\n")]}
