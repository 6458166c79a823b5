"""backprop computes DV from Z instead of A = max(0, Z)."""
KIND = "mistake"
FAILS = {'test_backprop_moons': 'uses Z instead of A'}
EDITS = {
    "solution_backprop": [
        ("DV = A.T @ dy                                  # (H,)",
         "DV = Z.T @ dy                                  # (H,)"),
    ],
}
