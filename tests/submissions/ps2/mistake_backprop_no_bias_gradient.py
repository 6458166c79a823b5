"""backprop returns DB = 0 (the bias gradient forgotten)."""
KIND = "mistake"
FAILS = {'test_backprop_moons': 'bias gradient is missing'}
EDITS = {
    "solution_backprop": [
        ("DB = dZ.sum(axis=0)                            # (H,)", "DB = np.zeros_like(B)"),
    ],
}
