"""mlp_backward forgets the activation derivative."""
KIND = "mistake"
FAILS = {'test_mlp_backward': 'derivative', 'test_mlp_vectorized': 'fix mlp_backward first', 'test_mnist_targets': 'fix mlp_backward first'}
EDITS = {
    "solution_mlp_backward": [
        ("delta = back * A_prev * (1.0 - A_prev)", "delta = back"),
        ('delta = back * (cache["Z"][l - 2] > 0)', "delta = back"),
    ],
}
