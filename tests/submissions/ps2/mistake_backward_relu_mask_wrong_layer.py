"""mlp_backward takes the ReLU mask from the layer above."""
KIND = "mistake"
FAILS = {'test_mlp_backward': 'mlp_backward', 'test_mlp_vectorized': 'fix mlp_backward first', 'test_train_mlp': 'fix mlp_backward first', 'test_mnist_targets': 'fix mlp_backward first'}
EDITS = {
    "solution_mlp_backward": [
        ('delta = back * (cache["Z"][l - 2] > 0)', 'delta = back * (cache["Z"][l - 1] > 0)'),
    ],
}
