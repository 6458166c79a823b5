"""grad_13 by centred finite differences of the error E instead of the chain rule."""
KIND = "mistake"
FAILS = {"test_grad_13": "finite differences"}

# %% solution_grad_13
def grad_13(x1, x2, y, w):
    def E(v):
        h = 1 / (1 + np.exp(-(v[0:3] + v[3:6] * x1 + v[6:9] * x2)))
        y_hat = 1 / (1 + np.exp(-(v[9] + v[10:13] @ h)))
        return 0.5 * (y - y_hat) ** 2

    w = np.array(w, dtype=float)
    g = np.zeros(13)
    eps = 1e-5
    for k in range(13):
        up, down = w.copy(), w.copy()
        up[k] += eps
        down[k] -= eps
        g[k] = (E(up) - E(down)) / (2 * eps)
    return g
