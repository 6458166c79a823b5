"""init_mlp's He scheme divides by fan_out."""
KIND = "mistake"
FAILS = {'test_init_mlp': 'fan_out', 'test_train_mlp': 'fix init_mlp first'}
EDITS = {"solution_init_mlp": [("variance = 2.0 / fan_in", "variance = 2.0 / fan_out")]}
