"""dl_do = e_c − y: the wrong sign."""
KIND = "mistake"
FAILS = {"test_dl_do": 'sign'}

# %% solution_dl_do
def dl_do(y, c):
    g = -np.array(y, dtype=float)
    g[c] += 1.0
    return g
