"""init_mlp uses the variance as the standard deviation."""
KIND = "mistake"
FAILS = {'test_init_mlp': 'square root', 'test_train_mlp': 'fix init_mlp first', 'test_mnist_targets': 'fix init_mlp first'}
EDITS = {
    "solution_init_mlp": [
        ('params[f"W{l}"] = rng.normal(0.0, np.sqrt(variance), size=(fan_in, fan_out))',
         'params[f"W{l}"] = rng.normal(0.0, variance, size=(fan_in, fan_out))'),
    ],
}
