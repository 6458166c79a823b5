"""Every net gets 50 hidden units whatever the grid says."""
KIND = "mistake"
FAILS = {
    'test_search': 'hidden_size',
}
EDITS = {
    "solution_search": [
        ("net = TwoLayerNet(X_train.shape[1], hidden_size, num_classes, seed=seed)",
         "net = TwoLayerNet(X_train.shape[1], 50, num_classes, seed=seed)"),
    ],
}
