"""mlp_backward forgets the bias gradients (returns zeros for them)."""
KIND = "mistake"
FAILS = {'test_mlp_backward': 'bias gradient is missing', 'test_mlp_vectorized': 'fix mlp_backward first'}
EDITS = {
    "solution_mlp_backward": [
        ('grads[f"b{l}"] = delta.sum(axis=0)', 'grads[f"b{l}"] = np.zeros_like(params[f"b{l}"])'),
    ],
}
