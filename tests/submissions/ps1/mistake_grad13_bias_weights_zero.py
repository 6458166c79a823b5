"""grad_13 gives the bias weights w1–w3 and w10 gradient 0 ('a constant input has no gradient')."""
KIND = "mistake"
FAILS = {"test_grad_13": 'bias'}

# %% solution_grad_13
def grad_13(x1, x2, y, w):
    w = np.asarray(w, dtype=float)
    inputs = np.array([1.0, x1, x2])
    V = w[:9].reshape(3, 3)
    h = 1.0 / (1.0 + np.exp(-(inputs @ V)))
    s = w[9] + h @ w[10:]
    y_hat = 1.0 / (1.0 + np.exp(-s))
    d_out = (y_hat - y) * y_hat * (1.0 - y_hat)
    d_h = d_out * w[10:] * h * (1.0 - h)
    g_in = np.outer(inputs, d_h).ravel()
    g_out = d_out * np.concatenate(([1.0], h))
    g = np.concatenate((g_in, g_out))
    g[[0, 1, 2, 9]] = 0.0
    return g
