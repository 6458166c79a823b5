"""mlp_backward uses Z(1 - Z) as the sigmoid derivative."""
KIND = "mistake"
FAILS = {'test_mlp_backward': 'derivative', 'test_mlp_vectorized': 'fix mlp_backward first', 'test_train_mlp': 'fix mlp_backward first', 'test_mnist_targets': 'fix mlp_backward first'}
EDITS = {
    "solution_mlp_backward": [
        ("delta = back * A_prev * (1.0 - A_prev)",
         'delta = back * cache["Z"][l - 2] * (1.0 - cache["Z"][l - 2])'),
    ],
}
