"""The regularization gradient is 2·reg·W (the derivative of reg·‖W‖², not of (reg/2)·‖W‖²)."""
KIND = "mistake"
FAILS = {
    "test_loss": "doubled",
}
E2E = True
EDITS = {
    "solution_two_layer_net": [
        ('grads = {"W2": hidden.T @ dscores + reg * W2, "b2": dscores.sum(axis=0)}',
         'grads = {"W2": hidden.T @ dscores + 2 * reg * W2, "b2": dscores.sum(axis=0)}'),
        ('grads["W1"] = X.T @ dz + reg * W1', 'grads["W1"] = X.T @ dz + 2 * reg * W1'),
    ],
}
