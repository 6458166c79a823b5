"""The generator is always seeded with 0, whatever the seed argument."""
KIND = "mistake"
FAILS = {
    "test_init": "seed",
}
EDITS = {
    "solution_two_layer_net": [
        ("rng = np.random.default_rng(seed)\n"
         '        self.params["W1"] = std * rng.standard_normal((input_size, hidden_size))',
         "rng = np.random.default_rng(0)\n"
         '        self.params["W1"] = std * rng.standard_normal((input_size, hidden_size))'),
    ],
}
