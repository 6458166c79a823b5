"""grad_13 reads w1–w3 as the weights into h1 (bias, x1, x2), i.e. grouped by hidden unit."""
KIND = "mistake"
FAILS = {"test_grad_13": 'order'}

# %% solution_grad_13
def grad_13(x1, x2, y, w):
    w = np.asarray(w, dtype=float)
    inputs = np.array([1.0, x1, x2])
    V = w[:9].reshape(3, 3).T
    h = 1.0 / (1.0 + np.exp(-(inputs @ V)))
    s = w[9] + h @ w[10:]
    y_hat = 1.0 / (1.0 + np.exp(-s))
    d_out = (y_hat - y) * y_hat * (1.0 - y_hat)
    d_h = d_out * w[10:] * h * (1.0 - h)
    g_in = np.outer(d_h, inputs).ravel()
    g_out = d_out * np.concatenate(([1.0], h))
    g = np.concatenate((g_in, g_out))
    
    return g
