"""minibatch_indices draws indices with replacement."""
KIND = "mistake"
FAILS = {'test_minibatch_indices': 'distinct'}

# %% solution_minibatch_indices
def minibatch_indices(n, batch_size, rng):
    '''Indices of the minibatches of one epoch: an int array (n // batch_size, batch_size) holding a
    random permutation of range(n) drawn from rng, the incomplete last minibatch dropped.'''
    return rng.integers(0, n, size=(n // batch_size, batch_size))
