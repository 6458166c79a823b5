"""mlp_backward averages mlp_backward_single over the batch."""
KIND = "mistake"
FAILS = {'test_mlp_vectorized': 'per example'}

# %% solution_mlp_backward
def mlp_backward(cache, y):
    '''Gradients of the mean cross-entropy for the batch of cache (from mlp_forward) with labels
    y (N,): a dict keyed like params, each with the shape of its parameter.'''
    params, X = cache["params"], cache["A"][0]
    per_example = [mlp_backward_single(x, t, params, cache["activation"]) for x, t in zip(X, y)]
    return {k: np.mean([g[k] for g in per_example], axis=0) for k in params}
