"""impl1's bug kept: the gradient of b2 is not divided by N."""
KIND = "mistake"
FAILS = {
    'test_fixed_backward': 'divided',
}
EDITS = {
    "solution_fixed_backward": [
        ("dscores /= N\n"
         "    dh = dscores @ W2.T",
         'grads = {"W2": h.T @ dscores / N + reg * W2, "b2": dscores.sum(axis=0)}\n'
         "    dh = dscores @ W2.T / N"),
        ('return {"W1": X.T @ dz1 + reg * W1, "b1": dz1.sum(axis=0),\n'
         '            "W2": h.T @ dscores + reg * W2, "b2": dscores.sum(axis=0)}',
         'grads["W1"] = X.T @ dz1 + reg * W1\n'
         '    grads["b1"] = dz1.sum(axis=0)\n'
         "    return grads"),
    ],
}
