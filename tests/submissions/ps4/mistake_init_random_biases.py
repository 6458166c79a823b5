"""The biases are drawn at random like the weights instead of starting at zero."""
KIND = "mistake"
FAILS = {
    "test_init": "zero",
}
EDITS = {
    "solution_two_layer_net": [
        ('self.params["b1"] = np.zeros(hidden_size)',
         'self.params["b1"] = std * rng.standard_normal(hidden_size)'),
        ('self.params["b2"] = np.zeros(output_size)',
         'self.params["b2"] = std * rng.standard_normal(output_size)'),
    ],
}
