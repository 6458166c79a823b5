"""The weights are drawn from N(0, 1): std is never applied."""
KIND = "mistake"
FAILS = {
    'test_init': 'std',
    'test_learns': 'fix __init__ first',
    'test_best_config': 'fix __init__ first',
}
EDITS = {
    "solution_two_layer_net": [
        ('self.params["W1"] = std * rng.standard_normal((input_size, hidden_size))',
         'self.params["W1"] = rng.standard_normal((input_size, hidden_size))'),
        ('self.params["W2"] = std * rng.standard_normal((hidden_size, output_size))',
         'self.params["W2"] = rng.standard_normal((hidden_size, output_size))'),
    ],
}
