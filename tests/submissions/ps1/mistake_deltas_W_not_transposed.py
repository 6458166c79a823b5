"""backprop_deltas propagates with W δ instead of Wᵀ δ."""
KIND = "mistake"
FAILS = {"test_backprop_deltas": 'transpose'}
EDITS = {
    "solution_backprop_deltas": [
        ("delta = (Ws[l].T @ delta) * a_prev * (1.0 - a_prev)",
         "delta = (Ws[l] @ delta) * a_prev * (1.0 - a_prev)"),
    ],
}
