"""The weights are drawn uniformly in [-std, std] instead of std * N(0, 1)."""
KIND = "mistake"
FAILS = {
    "test_init": "standard deviation",
}
EDITS = {
    "solution_two_layer_net": [
        ('self.params["W1"] = std * rng.standard_normal((input_size, hidden_size))',
         'self.params["W1"] = rng.uniform(-std, std, size=(input_size, hidden_size))'),
        ('self.params["W2"] = std * rng.standard_normal((hidden_size, output_size))',
         'self.params["W2"] = rng.uniform(-std, std, size=(hidden_size, output_size))'),
    ],
}
