"""dl_dy uses y.shape, so it fails when y is a list."""
KIND = "mistake"
FAILS = {"test_dl_dy": 'list'}

# %% solution_dl_dy
def dl_dy(y, c):
    g = np.zeros(y.shape)
    g[c] = -1.0 / y[c]
    return g
