"""mlp_backward_single multiplies delta by W transposed going back (shape error)."""
KIND = "mistake"
FAILS = {'test_mlp_backward_single': 'transpose'}
EDITS = {
    "solution_mlp_backward_single": [
        ('back = params[f"W{l}"] @ delta', 'back = params[f"W{l}"].T @ delta'),
    ],
}
