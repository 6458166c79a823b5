"""The update adds the gradient instead of subtracting it."""
KIND = "mistake"
FAILS = {
    'test_train': 'SGD steps',
    'test_learns': 'fix train first',
    'test_best_config': 'fix train first',
}
EDITS = {
    "solution_two_layer_net": [
        ("self.params[name] -= learning_rate * grads[name]",
         "self.params[name] += learning_rate * grads[name]"),
    ],
}
