"""The regularization gradient keeps the 1/2 of the loss term: 0.5·reg·W."""
KIND = "mistake"
FAILS = {
    "test_loss": "halved",
}
EDITS = {
    "solution_two_layer_net": [
        ('grads = {"W2": hidden.T @ dscores + reg * W2, "b2": dscores.sum(axis=0)}',
         'grads = {"W2": hidden.T @ dscores + 0.5 * reg * W2, "b2": dscores.sum(axis=0)}'),
        ('grads["W1"] = X.T @ dz + reg * W1', 'grads["W1"] = X.T @ dz + 0.5 * reg * W1'),
    ],
}
