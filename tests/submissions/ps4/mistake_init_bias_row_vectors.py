"""The biases are (1, H) and (1, C) row vectors instead of 1-D arrays."""
KIND = "mistake"
FAILS = {
    "test_init": "shape",
    "test_best_config": "fix __init__ first",
}
EDITS = {
    "solution_two_layer_net": [
        ('self.params["b1"] = np.zeros(hidden_size)', 'self.params["b1"] = np.zeros((1, hidden_size))'),
        ('self.params["b2"] = np.zeros(output_size)', 'self.params["b2"] = np.zeros((1, output_size))'),
    ],
}
