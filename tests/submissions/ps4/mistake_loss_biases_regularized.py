"""The biases are regularized too, in the loss and in their gradients."""
KIND = "mistake"
FAILS = {
    "test_loss": "not the biases",
}
EDITS = {
    "solution_two_layer_net": [
        ("loss = 0.5 * np.sum(diff**2) / N + 0.5 * reg * (np.sum(W1 * W1) + np.sum(W2 * W2))",
         "loss = 0.5 * np.sum(diff**2) / N + 0.5 * reg * (np.sum(W1 * W1) + np.sum(W2 * W2) + np.sum(b1 * b1) + np.sum(b2 * b2))"),
        ('grads = {"W2": hidden.T @ dscores + reg * W2, "b2": dscores.sum(axis=0)}',
         'grads = {"W2": hidden.T @ dscores + reg * W2, "b2": dscores.sum(axis=0) + reg * b2}'),
        ('grads["b1"] = dz.sum(axis=0)', 'grads["b1"] = dz.sum(axis=0) + reg * b1'),
    ],
}
