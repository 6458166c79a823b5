"""mlp_backward_single uses z(1 - z) as the sigmoid derivative."""
KIND = "mistake"
FAILS = {'test_mlp_backward_single': 'derivative'}
EDITS = {
    "solution_mlp_backward_single": [
        ("delta = back * a[l - 1] * (1.0 - a[l - 1])", "delta = back * z[l - 2] * (1.0 - z[l - 2])"),
    ],
}
