"""The update is applied to a copy of the parameters, never to self.params."""
KIND = "mistake"
FAILS = {
    'test_train': 'self.params',
    'test_learns': 'fix train first',
    'test_best_config': 'fix train first',
}
EDITS = {
    "solution_two_layer_net": [
        ("for name in self.params:\n"
         "                self.params[name] -= learning_rate * grads[name]",
         "params = {name: value.copy() for name, value in self.params.items()}\n"
         "            for name in params:\n"
         "                params[name] -= learning_rate * grads[name]"),
    ],
}
