"""init_mlp makes W_l of shape (d_l, d_{l-1})."""
KIND = "mistake"
FAILS = {'test_init_mlp': 'shape', 'test_train_mlp': 'fix init_mlp first', 'test_mnist_targets': 'fix init_mlp first'}
EDITS = {
    "solution_init_mlp": [
        ('params[f"W{l}"] = rng.normal(0.0, np.sqrt(variance), size=(fan_in, fan_out))',
         'params[f"W{l}"] = rng.normal(0.0, np.sqrt(variance), size=(fan_out, fan_in))'),
    ],
}
