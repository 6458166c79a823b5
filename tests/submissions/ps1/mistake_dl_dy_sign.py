"""dl_dy with the wrong sign: +1 / y_c."""
KIND = "mistake"
FAILS = {"test_dl_dy": 'sign'}

# %% solution_dl_dy
def dl_dy(y, c):
    g = np.zeros(len(y))
    g[c] = 1.0 / y[c]
    return g
