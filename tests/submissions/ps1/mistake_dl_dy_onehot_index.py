"""dl_dy builds the one-hot vector of c and uses its values (0s and a 1) as indices."""
KIND = "mistake"
FAILS = {"test_dl_dy": "as indices"}

# %% solution_dl_dy
def dl_dy(y, c):
    y = np.asarray(y, dtype=float)
    one_hot = np.eye(len(y))[c].astype(int)
    g = np.zeros_like(y)
    g[one_hot] = -1.0 / y[one_hot]
    return g
