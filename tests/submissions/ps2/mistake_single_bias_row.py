"""mlp_backward_single returns bias gradients of shape (1, d)."""
KIND = "mistake"
FAILS = {'test_mlp_backward_single': 'shape'}
EDITS = {
    "solution_mlp_backward_single": [
        ('grads[f"b{l}"] = delta.copy()', 'grads[f"b{l}"] = delta[None, :]'),
    ],
}
