"""train_mlp computes the validation figures on the training data."""
KIND = "mistake"
FAILS = {'test_train_mlp': 'val_acc'}
EDITS = {
    "solution_train_mlp": [
        ('for split, X, y in (("train", X_train, y_train), ("val", X_val, y_val)):',
         'for split, X, y in (("train", X_train, y_train), ("val", X_train, y_train)):'),
    ],
}
