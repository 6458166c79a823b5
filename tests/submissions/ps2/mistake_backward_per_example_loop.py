"""mlp_backward loops over the examples of the batch."""
KIND = "mistake"
FAILS = {'test_mlp_vectorized': 'per example'}

# %% solution_mlp_backward
def mlp_backward(cache, y):
    '''Gradients of the mean cross-entropy for the batch of cache (from mlp_forward) with labels
    y (N,): a dict keyed like params, each with the shape of its parameter.'''
    params, activation = cache["params"], cache["activation"]
    L = len(params) // 2
    N = cache["probs"].shape[0]
    grads = {k: np.zeros_like(v) for k, v in params.items()}
    for n in range(N):
        delta = cache["probs"][n].copy()
        delta[y[n]] -= 1.0
        for l in range(L, 0, -1):
            a_prev = cache["A"][l - 1][n]
            grads[f"W{l}"] += np.outer(a_prev, delta) / N
            grads[f"b{l}"] += delta / N
            if l > 1:
                back = params[f"W{l}"] @ delta
                if activation == "sigmoid":
                    delta = back * a_prev * (1.0 - a_prev)
                else:
                    delta = back * (cache["Z"][l - 2][n] > 0)
    return grads
