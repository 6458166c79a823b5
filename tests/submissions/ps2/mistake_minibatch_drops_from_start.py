"""minibatch_indices permutes only the first n - n % batch_size indices."""
KIND = "mistake"
FAILS = {'test_minibatch_indices': 'permutation'}

# %% solution_minibatch_indices
def minibatch_indices(n, batch_size, rng):
    '''Indices of the minibatches of one epoch: an int array (n // batch_size, batch_size) holding a
    random permutation of range(n) drawn from rng, the incomplete last minibatch dropped.'''
    num_batches = n // batch_size
    permutation = rng.permutation(num_batches * batch_size)
    return permutation[: num_batches * batch_size].reshape(num_batches, batch_size)
