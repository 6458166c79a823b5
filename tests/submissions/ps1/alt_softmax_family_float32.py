"""Softmax family in float32; dy_do with einsum, dl_do through the chain rule dy_do.T @ dl_dy."""
KIND = "alternative"
FAILS = {}

# %% solution_softmax
def softmax(o):
    """float32 softmax, shifted by the maximum."""
    o = np.asarray(o, dtype=np.float32)
    e = np.exp(o - o.max())
    return e / e.sum()

# %% solution_dl_dy
def dl_dy(y, c):
    """float32 gradient of -log y[c]."""
    y = np.asarray(y, dtype=np.float32)
    g = np.zeros_like(y)
    g[c] = -1 / y[c]
    return g

# %% solution_dy_do
def dy_do(y):
    """diag(y) - y y^T with einsum, float32."""
    y = np.asarray(y, dtype=np.float32)
    return np.einsum("i,ij->ij", y, np.eye(y.size, dtype=np.float32)) - np.einsum("i,j->ij", y, y)

# %% solution_dl_do
def dl_do(y, c):
    """The chain rule through the two local derivatives."""
    return dy_do(y).T @ dl_dy(y, c)
