"""mlp_backward sums delta over axis 1 for the bias gradients."""
KIND = "mistake"
FAILS = {'test_mlp_backward': 'shape', 'test_mlp_vectorized': 'axis 0', 'test_train_mlp': 'fix mlp_backward first', 'test_mnist_targets': 'fix mlp_backward first'}
EDITS = {
    "solution_mlp_backward": [
        ('grads[f"b{l}"] = delta.sum(axis=0)', 'grads[f"b{l}"] = delta.sum(axis=1)'),
    ],
}
