"""backprop uses dE/dy = +t/N (the sign of the gradient flipped)."""
KIND = "mistake"
FAILS = {'test_backprop_moons': 'sign'}
EDITS = {
    "solution_backprop": [
        ("dy = np.where(-y * T > 0, -T, 0.0) / N         # dE/dy, (N,)",
         "dy = np.where(-y * T > 0, T, 0.0) / N         # dE/dy, (N,)"),
    ],
}
