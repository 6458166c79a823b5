"""backprop forgets the ReLU derivative (Z > 0)."""
KIND = "mistake"
FAILS = {'test_backprop_moons': 'ReLU derivative'}
EDITS = {
    "solution_backprop": [
        ("dZ = np.outer(dy, V) * (Z > 0)                 # dE/dZ, (N, H)",
         "dZ = np.outer(dy, V)                 # dE/dZ, (N, H)"),
    ],
}
