"""mlp_backward_single returns zero bias gradients."""
KIND = "mistake"
FAILS = {'test_mlp_backward_single': 'bias gradient is missing'}

# %% solution_mlp_backward_single
def mlp_backward_single(x, y, params, activation):
    '''Gradients of -log p_y for ONE example x (d_0,) with integer label y: a dict keyed like
    params, each gradient with the shape of its parameter.'''
    L = len(params) // 2
    a, z = [x], []
    for l in range(1, L + 1):
        z.append(a[-1] @ params[f"W{l}"] + params[f"b{l}"])
        if l < L:
            a.append(sigmoid(z[-1]) if activation == "sigmoid" else np.maximum(0.0, z[-1]))
    p = np.exp(z[-1] - z[-1].max())
    p /= p.sum()
    delta = p.copy()
    delta[y] -= 1.0
    grads = {}
    for l in range(L, 0, -1):
        grads[f"W{l}"] = np.outer(a[l - 1], delta)
        grads[f"b{l}"] = np.zeros_like(params[f"b{l}"])
        if l > 1:
            back = params[f"W{l}"] @ delta
            if activation == "sigmoid":
                delta = back * a[l - 1] * (1.0 - a[l - 1])
            else:
                delta = back * (z[l - 2] > 0)
    return grads
