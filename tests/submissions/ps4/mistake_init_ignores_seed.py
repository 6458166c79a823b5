"""The weights come from the global np.random state: the seed argument is ignored."""
KIND = "mistake"
FAILS = {
    "test_init": "seed",
}
EDITS = {
    "solution_two_layer_net": [
        ('self.params["W1"] = std * rng.standard_normal((input_size, hidden_size))',
         'self.params["W1"] = std * np.random.randn(input_size, hidden_size)'),
        ('self.params["W2"] = std * rng.standard_normal((hidden_size, output_size))',
         'self.params["W2"] = std * np.random.randn(hidden_size, output_size)'),
    ],
}
