"""backprop takes the gradient on the correctly classified examples."""
KIND = "mistake"
FAILS = {'test_backprop_moons': 'misclassified'}
EDITS = {
    "solution_backprop": [
        ("dy = np.where(-y * T > 0, -T, 0.0) / N         # dE/dy, (N,)",
         "dy = np.where(y * T > 0, -T, 0.0) / N         # dE/dy, (N,)"),
    ],
}
