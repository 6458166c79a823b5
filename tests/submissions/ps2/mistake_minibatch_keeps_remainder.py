"""minibatch_indices keeps the incomplete last minibatch."""
KIND = "mistake"
FAILS = {'test_minibatch_indices': 'remainder', 'test_mnist_targets': 'fix minibatch_indices first'}
EDITS = {
    "solution_minibatch_indices": [
        ("return permutation[: num_batches * batch_size].reshape(num_batches, batch_size)",
         "return [permutation[i:i + batch_size] for i in range(0, n, batch_size)]"),
    ],
}
