"""minibatch_indices permutes only the first n - n % batch_size indices."""
KIND = "mistake"
FAILS = {'test_minibatch_indices': 'permutation'}
EDITS = {
    "solution_minibatch_indices": [
        ("permutation = rng.permutation(n)", "permutation = rng.permutation(num_batches * batch_size)"),
    ],
}
