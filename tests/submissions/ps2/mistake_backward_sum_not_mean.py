"""mlp_backward sums the gradients over the batch (1/N missing)."""
KIND = "mistake"
FAILS = {'test_mlp_backward': 'averaged', 'test_mlp_vectorized': 'fix mlp_backward first', 'test_train_mlp': 'fix mlp_backward first', 'test_mnist_targets': 'fix mlp_backward first'}
EDITS = {"solution_mlp_backward": [("    delta /= N\n", "")]}
