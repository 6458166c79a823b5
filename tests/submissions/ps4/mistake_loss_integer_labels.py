"""The squared error compares the scores with the integer labels instead of one-hot targets."""
KIND = "mistake"
FAILS = {
    'test_loss': 'one-hot',
    'test_learns': 'fix loss first',
    'test_best_config': 'fix loss first',
}
EDITS = {
    "solution_two_layer_net": [
        ("targets = np.zeros_like(scores)\n"
         "        targets[np.arange(N), y] = 1\n"
         "        diff = scores - targets",
         "diff = scores - y[:, None]"),
    ],
}
