"""init_mlp uses Var = 1 / fan_in for Xavier."""
KIND = "mistake"
FAILS = {'test_init_mlp': '1 / fan_in', 'test_train_mlp': 'fix init_mlp first'}
EDITS = {"solution_init_mlp": [("variance = 2.0 / (fan_in + fan_out)", "variance = 1.0 / fan_in")]}
