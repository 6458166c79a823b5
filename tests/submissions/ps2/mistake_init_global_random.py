"""init_mlp draws from np.random.randn instead of rng."""
KIND = "mistake"
FAILS = {'test_init_mlp': 'global', 'test_train_mlp': 'fix init_mlp first'}
EDITS = {
    "solution_init_mlp": [
        ('params[f"W{l}"] = rng.normal(0.0, np.sqrt(variance), size=(fan_in, fan_out))',
         'params[f"W{l}"] = np.sqrt(variance) * np.random.randn(fan_in, fan_out)'),
    ],
}
