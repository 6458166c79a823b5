"""mlp_backward indexes delta with the one-hot labels (integer one-hot values used as indices)."""
KIND = "mistake"
FAILS = {'test_mlp_backward': 'one-hot values used as indices', 'test_mlp_vectorized': 'fix mlp_backward first', 'test_train_mlp': 'fix mlp_backward first', 'test_mnist_targets': 'fix mlp_backward first'}
EDITS = {
    "solution_mlp_backward": [
        ("delta[np.arange(N), y] -= 1.0", "delta[one_hot(y, delta.shape[1]).astype(int)] -= 1.0"),
    ],
}
