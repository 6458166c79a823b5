"""The bias gradients average over the batch (dscores is already divided by N)."""
KIND = "mistake"
FAILS = {
    'test_loss': 'factor of the batch size',
}
EDITS = {
    "solution_two_layer_net": [
        ('grads = {"W2": hidden.T @ dscores + reg * W2, "b2": dscores.sum(axis=0)}',
         'grads = {"W2": hidden.T @ dscores + reg * W2, "b2": dscores.mean(axis=0)}'),
        ('grads["b1"] = dz.sum(axis=0)', 'grads["b1"] = dz.mean(axis=0)'),
    ],
}
