"""minibatch_indices keeps the incomplete last minibatch."""
KIND = "mistake"
FAILS = {'test_minibatch_indices': 'remainder', 'test_mnist_targets': 'fix minibatch_indices first'}

# %% solution_minibatch_indices
def minibatch_indices(n, batch_size, rng):
    '''Indices of the minibatches of one epoch: an int array (n // batch_size, batch_size) holding a
    random permutation of range(n) drawn from rng, the incomplete last minibatch dropped.'''
    permutation = rng.permutation(n)
    return [permutation[i:i + batch_size] for i in range(0, n, batch_size)]
