"""init_mlp always uses the Xavier variance."""
KIND = "mistake"
FAILS = {'test_init_mlp': 'other scheme', 'test_train_mlp': 'fix init_mlp first'}
EDITS = {
    "solution_init_mlp": [
        ('elif scheme == "he":', 'elif scheme == "lecun":'),
        ('raise ValueError(f"unknown scheme {scheme!r}")', "variance = 2.0 / (fan_in + fan_out)"),
    ],
}
