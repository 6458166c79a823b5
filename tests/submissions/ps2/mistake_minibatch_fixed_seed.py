"""minibatch_indices makes its own generator with a fixed seed."""
KIND = "mistake"
FAILS = {'test_minibatch_indices': 'rng'}
EDITS = {
    "solution_minibatch_indices": [
        ("permutation = rng.permutation(n)", "permutation = np.random.default_rng(0).permutation(n)"),
    ],
}
