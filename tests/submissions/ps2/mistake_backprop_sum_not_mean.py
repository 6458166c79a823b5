"""backprop sums over the examples: the 1/N of E is missing."""
KIND = "mistake"
FAILS = {'test_backprop_moons': '1/N'}
E2E = True
EDITS = {
    "solution_backprop": [
        ("dy = np.where(-y * T > 0, -T, 0.0) / N         # dE/dy, (N,)",
         "dy = np.where(-y * T > 0, -T, 0.0)         # dE/dy, (N,)"),
    ],
}
