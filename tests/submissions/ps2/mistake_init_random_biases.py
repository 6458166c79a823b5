"""init_mlp draws random biases instead of zeros."""
KIND = "mistake"
FAILS = {'test_init_mlp': 'biases'}
EDITS = {
    "solution_init_mlp": [
        ('params[f"b{l}"] = np.zeros(fan_out)',
         'params[f"b{l}"] = rng.normal(0.0, np.sqrt(variance), size=fan_out)'),
    ],
}
