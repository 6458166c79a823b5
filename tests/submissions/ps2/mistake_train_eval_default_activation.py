"""train_mlp evaluates with mlp_forward's default activation."""
KIND = "mistake"
FAILS = {'test_train_mlp': 'val_acc'}
EDITS = {
    "solution_train_mlp": [
        ("probs, _ = mlp_forward(X, params, activation)", "probs, _ = mlp_forward(X, params)"),
    ],
}
