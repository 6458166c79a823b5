"""dl_dy puts −1 / y_i in every entry, not only at the target class."""
KIND = "mistake"
FAILS = {"test_dl_dy": 'target class'}

# %% solution_dl_dy
def dl_dy(y, c):
    return -1.0 / np.asarray(y, dtype=float)
