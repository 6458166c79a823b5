"""The learning rate is decayed after every iteration instead of once per epoch."""
KIND = "mistake"
FAILS = {
    'test_train': 'every iteration',
    'test_learns': 'fix train first',
    'test_best_config': 'fix train first',
}
EDITS = {
    "solution_two_layer_net": [
        ("self.params[name] -= learning_rate * grads[name]",
         "self.params[name] -= learning_rate * grads[name]\n"
         "            learning_rate *= learning_rate_decay"),
        ("                learning_rate *= learning_rate_decay\n", ""),
    ],
}
