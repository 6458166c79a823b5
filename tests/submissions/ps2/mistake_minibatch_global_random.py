"""minibatch_indices uses np.random.permutation, not rng."""
KIND = "mistake"
FAILS = {'test_minibatch_indices': 'global', 'test_train_mlp': 'fix minibatch_indices first'}

# %% solution_minibatch_indices
def minibatch_indices(n, batch_size, rng):
    '''Indices of the minibatches of one epoch: an int array (n // batch_size, batch_size) holding a
    random permutation of range(n) drawn from rng, the incomplete last minibatch dropped.'''
    num_batches = n // batch_size
    permutation = np.random.permutation(n)
    return permutation[: num_batches * batch_size].reshape(num_batches, batch_size)
