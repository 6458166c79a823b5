"""minibatch_indices never shuffles: np.arange cut into rows."""
KIND = "mistake"
FAILS = {'test_minibatch_indices': 'rng'}
EDITS = {"solution_minibatch_indices": [("permutation = rng.permutation(n)", "permutation = np.arange(n)")]}
