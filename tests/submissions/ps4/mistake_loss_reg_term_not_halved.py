"""The loss adds reg·(‖W1‖² + ‖W2‖²) without the 1/2 (gradients consistent with it)."""
KIND = "mistake"
FAILS = {
    "test_loss": "reg/2",
}
EDITS = {
    "solution_two_layer_net": [
        ("loss = 0.5 * np.sum(diff**2) / N + 0.5 * reg * (np.sum(W1 * W1) + np.sum(W2 * W2))",
         "loss = 0.5 * np.sum(diff**2) / N + reg * (np.sum(W1 * W1) + np.sum(W2 * W2))"),
        ('grads = {"W2": hidden.T @ dscores + reg * W2, "b2": dscores.sum(axis=0)}',
         'grads = {"W2": hidden.T @ dscores + 2 * reg * W2, "b2": dscores.sum(axis=0)}'),
        ('grads["W1"] = X.T @ dz + reg * W1', 'grads["W1"] = X.T @ dz + 2 * reg * W1'),
    ],
}
