"""minibatch_indices shuffles the order of fixed blocks."""
KIND = "mistake"
FAILS = {'test_minibatch_indices': 'together'}
EDITS = {
    "solution_minibatch_indices": [
        ("permutation = rng.permutation(n)\n"
         "    return permutation[: num_batches * batch_size].reshape(num_batches, batch_size)",
         "blocks = np.arange(num_batches * batch_size).reshape(num_batches, batch_size)\n"
         "    return blocks[rng.permutation(num_batches)]"),
    ],
}
