"""The regularization gradient lacks its factor reg: W is added as it is."""
KIND = "mistake"
FAILS = {
    'test_loss': 'factor reg',
    'test_learns': 'fix loss first',
}
EDITS = {
    "solution_two_layer_net": [
        ('grads = {"W2": hidden.T @ dscores + reg * W2, "b2": dscores.sum(axis=0)}',
         'grads = {"W2": hidden.T @ dscores + W2, "b2": dscores.sum(axis=0)}'),
        ('grads["W1"] = X.T @ dz + reg * W1', 'grads["W1"] = X.T @ dz + W1'),
    ],
}
