"""Softmax via log-sum-exp; dl_dy with np.where; dy_do with diagflat; dl_do as a copy changed in place."""
KIND = "alternative"
FAILS = {}

# %% solution_softmax
def softmax(o):
    """exp(o - logsumexp(o))."""
    o = np.array(o, dtype=float)
    m = o.max()
    return np.exp(o - (m + np.log(np.sum(np.exp(o - m)))))

# %% solution_dl_dy
def dl_dy(y, c):
    """-1/y_c at the target, 0 elsewhere."""
    y = np.asarray(y, dtype=float)
    return np.where(np.arange(y.size) == c, -1.0 / y, 0.0)

# %% solution_dy_do
def dy_do(y):
    """Column-vector form."""
    y = np.asarray(y, dtype=float).reshape(-1, 1)
    return np.diagflat(y) - y @ y.T

# %% solution_dl_do
def dl_do(y, c):
    """y - e_c on a copy."""
    g = np.asarray(y, dtype=float).copy()
    g[c] = g[c] - 1
    return g
