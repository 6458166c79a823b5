"""mlp_backward_single computes np.outer(delta, a): transposed."""
KIND = "mistake"
FAILS = {'test_mlp_backward_single': 'shape'}
EDITS = {
    "solution_mlp_backward_single": [
        ('grads[f"W{l}"] = np.outer(a[l - 1], delta)', 'grads[f"W{l}"] = np.outer(delta, a[l - 1])'),
    ],
}
