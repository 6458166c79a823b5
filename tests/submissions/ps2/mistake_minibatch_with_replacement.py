"""minibatch_indices draws indices with replacement."""
KIND = "mistake"
FAILS = {'test_minibatch_indices': 'distinct'}
EDITS = {
    "solution_minibatch_indices": [
        ("permutation = rng.permutation(n)\n"
         "    return permutation[: num_batches * batch_size].reshape(num_batches, batch_size)",
         "return rng.integers(0, n, size=(num_batches, batch_size))"),
    ],
}
