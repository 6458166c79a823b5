"""dl_dy overwrites the caller's y (np.asarray does not copy)."""
KIND = "mistake"
FAILS = {"test_dl_dy": 'modified'}

# %% solution_dl_dy
def dl_dy(y, c):
    g = np.asarray(y, dtype=float)
    y_c = g[c]
    g[:] = 0.0
    g[c] = -1.0 / y_c
    return g
