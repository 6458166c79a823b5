"""train_mlp always initialises with the Xavier scheme."""
KIND = "mistake"
FAILS = {'test_train_mlp': 'scheme'}
EDITS = {
    "solution_train_mlp": [
        ('params = init_mlp(sizes, rng, scheme="he" if activation == "relu" else "xavier")',
         "params = init_mlp(sizes, rng)"),
    ],
}
