"""impl3's bug kept: no regularization gradient for W2."""
KIND = "mistake"
FAILS = {
    'test_fixed_backward': 'regularization',
}

# %% solution_fixed_backward
def fixed_backward(X, y, params, reg):
    """Gradients of mlp_loss(X, y, params, reg) w.r.t. W1, b1, W2, b2 (a dict keyed like params)."""
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    N = X.shape[0]
    z1 = X @ W1 + b1
    h = np.maximum(0, z1)
    scores = h @ W2 + b2
    probs = np.exp(scores - scores.max(axis=1, keepdims=True))
    probs /= probs.sum(axis=1, keepdims=True)
    dscores = probs.copy()
    dscores[np.arange(N), y] -= 1
    dscores /= N
    dh = dscores @ W2.T
    dz1 = dh * (z1 > 0)
    return {"W1": X.T @ dz1 + reg * W1, "b1": dz1.sum(axis=0),
            "W2": h.T @ dscores, "b2": dscores.sum(axis=0)}
