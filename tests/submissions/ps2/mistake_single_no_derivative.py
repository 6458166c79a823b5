"""mlp_backward_single forgets f'(z) between layers."""
KIND = "mistake"
FAILS = {'test_mlp_backward_single': 'derivative'}
EDITS = {
    "solution_mlp_backward_single": [
        ("delta = back * a[l - 1] * (1.0 - a[l - 1])", "delta = back"),
        ("delta = back * (z[l - 2] > 0)", "delta = back"),
    ],
}
