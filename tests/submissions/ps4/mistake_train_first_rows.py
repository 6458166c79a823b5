"""The minibatch is always the first batch_size rows."""
KIND = "mistake"
FAILS = {
    'test_train': 'same minibatch',
    'test_learns': 'fix train first',
    'test_best_config': 'fix train first',
}
EDITS = {
    "solution_two_layer_net": [
        ("X_batch, y_batch = X[idx], y[idx]", "X_batch, y_batch = X[:batch_size], y[:batch_size]"),
    ],
}
