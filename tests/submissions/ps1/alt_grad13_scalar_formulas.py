"""grad_13 written out derivative by derivative with math, returning a list."""
KIND = "alternative"
FAILS = {}

# %% solution_grad_13
def grad_13(x1, x2, y, w):
    """The 13 partials, one formula each."""
    w = [float(v) for v in w]
    sig = lambda z: 1.0 / (1.0 + math.exp(-z))
    h = [sig(w[j] + w[3 + j] * x1 + w[6 + j] * x2) for j in range(3)]
    y_hat = sig(w[9] + w[10] * h[0] + w[11] * h[1] + w[12] * h[2])
    d_out = (y_hat - y) * y_hat * (1 - y_hat)
    d = [d_out * w[10 + j] * h[j] * (1 - h[j]) for j in range(3)]
    return [d[0], d[1], d[2],
            d[0] * x1, d[1] * x1, d[2] * x1,
            d[0] * x2, d[1] * x2, d[2] * x2,
            d_out, d_out * h[0], d_out * h[1], d_out * h[2]]
