"""mlp_backward subtracts 1 at delta[y] (whole rows picked by the labels)."""
KIND = "mistake"
FAILS = {'test_mlp_backward': 'whole rows', 'test_mlp_vectorized': 'fix mlp_backward first', 'test_train_mlp': 'fix mlp_backward first', 'test_mnist_targets': 'fix mlp_backward first'}
EDITS = {"solution_mlp_backward": [("delta[np.arange(N), y] -= 1.0", "delta[y] -= 1.0")]}
