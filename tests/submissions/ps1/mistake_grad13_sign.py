"""grad_13 uses (y − ŷ) instead of (ŷ − y): every partial with the wrong sign."""
KIND = "mistake"
FAILS = {"test_grad_13": 'sign'}

# %% solution_grad_13
def grad_13(x1, x2, y, w):
    w = np.asarray(w, dtype=float)
    inputs = np.array([1.0, x1, x2])
    V = w[:9].reshape(3, 3)
    h = 1.0 / (1.0 + np.exp(-(inputs @ V)))
    s = w[9] + h @ w[10:]
    y_hat = 1.0 / (1.0 + np.exp(-s))
    d_out = (y - y_hat) * y_hat * (1.0 - y_hat)
    d_h = d_out * w[10:] * h * (1.0 - h)
    g_in = np.outer(inputs, d_h).ravel()
    g_out = d_out * np.concatenate(([1.0], h))
    g = np.concatenate((g_in, g_out))
    
    return g
