"""grad_13 in float32 with loops over hidden units and inputs."""
KIND = "alternative"
FAILS = {}

# %% solution_grad_13
def grad_13(x1, x2, y, w):
    """float32, loop version."""
    w = np.array(w, dtype=np.float32)
    g = np.zeros(13, dtype=np.float32)
    inputs = np.array([1.0, x1, x2], dtype=np.float32)
    h = np.zeros(3, dtype=np.float32)
    for j in range(3):
        a = w[j] * inputs[0] + w[3 + j] * inputs[1] + w[6 + j] * inputs[2]
        h[j] = 1 / (1 + np.exp(-a))
    s = w[9] + np.dot(w[10:13], h)
    y_hat = 1 / (1 + np.exp(-s))
    d_out = (y_hat - np.float32(y)) * y_hat * (1 - y_hat)
    g[9] = d_out
    for j in range(3):
        g[10 + j] = d_out * h[j]
        d_j = d_out * w[10 + j] * h[j] * (1 - h[j])
        for i in range(3):
            g[3 * i + j] = d_j * inputs[i]
    return g
