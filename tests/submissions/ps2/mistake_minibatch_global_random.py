"""minibatch_indices uses np.random.permutation, not rng."""
KIND = "mistake"
FAILS = {'test_minibatch_indices': 'global', 'test_train_mlp': 'fix minibatch_indices first'}
EDITS = {
    "solution_minibatch_indices": [
        ("permutation = rng.permutation(n)", "permutation = np.random.permutation(n)"),
    ],
}
