"""The four softmax/cross-entropy functions written with Python loops, filled into NumPy arrays."""
KIND = "alternative"
FAILS = {}

# %% solution_softmax
def softmax(o):
    """Softmax of a 1-D array (or list) o of shape (K,); returns a NumPy array of shape (K,)."""
    m = max(float(v) for v in o)
    exps = [math.exp(float(v) - m) for v in o]
    total = sum(exps)
    return np.array([e / total for e in exps])

# %% solution_dl_dy
def dl_dy(y, c):
    """Vector of dl/dy_i for l = -log y[c]."""
    return np.array([-1.0 / y[i] if i == c else 0.0 for i in range(len(y))])

# %% solution_dy_do
def dy_do(y):
    """K x K Jacobian of the softmax."""
    K = len(y)
    J = np.empty((K, K))
    for i in range(K):
        for j in range(K):
            J[i, j] = y[i] * ((1.0 if i == j else 0.0) - y[j])
    return J

# %% solution_dl_do
def dl_do(y, c):
    """dl/do = y - e_c."""
    return np.array([y[i] - (1.0 if i == c else 0.0) for i in range(len(y))])
