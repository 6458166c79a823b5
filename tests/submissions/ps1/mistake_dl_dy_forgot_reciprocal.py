"""dl_dy returns −y_c at the target instead of −1 / y_c."""
KIND = "mistake"
FAILS = {"test_dl_dy": 'derivative'}

# %% solution_dl_dy
def dl_dy(y, c):
    g = np.zeros(len(y))
    g[c] = -y[c]
    return g
