"""mlp_backward sums the gradients over the batch (1/N missing)."""
KIND = "mistake"
FAILS = {'test_mlp_backward': 'averaged', 'test_mlp_vectorized': 'fix mlp_backward first', 'test_train_mlp': 'fix mlp_backward first', 'test_mnist_targets': 'fix mlp_backward first'}

# %% solution_mlp_backward
def mlp_backward(cache, y):
    '''Gradients of the mean cross-entropy for the batch of cache (from mlp_forward) with labels
    y (N,): a dict keyed like params, each with the shape of its parameter.'''
    params, activation = cache["params"], cache["activation"]
    L = len(params) // 2
    N = cache["probs"].shape[0]
    delta = cache["probs"].copy()
    delta[np.arange(N), y] -= 1.0
    grads = {}
    for l in range(L, 0, -1):
        A_prev = cache["A"][l - 1]
        grads[f"W{l}"] = A_prev.T @ delta
        grads[f"b{l}"] = delta.sum(axis=0)
        if l > 1:
            back = delta @ params[f"W{l}"].T
            if activation == "sigmoid":
                delta = back * A_prev * (1.0 - A_prev)
            else:
                delta = back * (cache["Z"][l - 2] > 0)
    return grads
