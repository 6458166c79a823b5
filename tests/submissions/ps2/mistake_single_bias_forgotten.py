"""mlp_backward_single returns zero bias gradients."""
KIND = "mistake"
FAILS = {'test_mlp_backward_single': 'bias gradient is missing'}
EDITS = {
    "solution_mlp_backward_single": [
        ('grads[f"b{l}"] = delta.copy()', 'grads[f"b{l}"] = np.zeros_like(params[f"b{l}"])'),
    ],
}
