"""backprop sums dZ over the hidden units (axis 1) for DB."""
KIND = "mistake"
FAILS = {'test_backprop_moons': 'shape'}
EDITS = {
    "solution_backprop": [
        ("DB = dZ.sum(axis=0)                            # (H,)",
         "DB = dZ.sum(axis=1)                            # (H,)"),
    ],
}
