"""backprop takes the ReLU mask from X @ W, without the bias."""
KIND = "mistake"
FAILS = {'test_backprop_moons': 'bias'}
EDITS = {
    "solution_backprop": [
        ("dZ = np.outer(dy, V) * (Z > 0)                 # dE/dZ, (N, H)",
         "dZ = np.outer(dy, V) * (X @ W > 0)                 # dE/dZ, (N, H)"),
    ],
}
