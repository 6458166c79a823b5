"""dl_do subtracts 1 in place from the caller's y."""
KIND = "mistake"
FAILS = {"test_dl_do": 'modified'}

# %% solution_dl_do
def dl_do(y, c):
    y = np.asarray(y, dtype=float)
    y[c] -= 1.0
    return y
