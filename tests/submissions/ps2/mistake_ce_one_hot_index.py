"""cross_entropy indexes probs with the (float) one-hot labels."""
KIND = "mistake"
FAILS = {'test_cross_entropy': 'one-hot values used as indices', 'test_train_mlp': 'fix cross_entropy first', 'test_mnist_targets': 'fix cross_entropy first'}
EDITS = {
    "solution_cross_entropy": [
        ("picked = np.maximum(probs[np.arange(N), y], 1e-300)",
         "picked = probs[np.arange(N), one_hot(y, probs.shape[1])]"),
    ],
}
