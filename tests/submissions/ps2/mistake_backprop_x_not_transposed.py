"""backprop computes DW = X @ dZ (X not transposed: shape error)."""
KIND = "mistake"
FAILS = {'test_backprop_moons': 'transpose'}
EDITS = {"solution_backprop": [("DW = X.T @ dZ                                  # (2, H)", "DW = X @ dZ")]}
