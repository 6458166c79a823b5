"""σ′ computed as z(1 − z) on the pre-activation in both layers."""
KIND = "mistake"
FAILS = {"test_backward_221": 'pre-activation'}
SHARED = "_own_numbers.py"  # section 1 worked out from the given cell
EDITS = {
    "solution_backward_221": [
        ("d2 = (x2 - y) * x2 * (1 - x2)", "d2 = (x2 - y) * z2 * (1 - z2)"),
        ("d1 = (W2.T @ d2) * x1 * (1 - x1)", "d1 = (W2.T @ d2) * z1 * (1 - z1)"),
    ],
}
