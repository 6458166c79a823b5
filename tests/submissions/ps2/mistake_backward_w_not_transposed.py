"""mlp_backward multiplies the error signal by W instead of W transposed (shape error)."""
KIND = "mistake"
FAILS = {'test_mlp_backward': 'transpose', 'test_mlp_vectorized': 'fix mlp_backward first', 'test_train_mlp': 'fix mlp_backward first', 'test_mnist_targets': 'fix mlp_backward first'}
EDITS = {"solution_mlp_backward": [('back = delta @ params[f"W{l}"].T', 'back = delta @ params[f"W{l}"]')]}
