"""dl_dy treats c as a one-hot vector: −c / y."""
KIND = "mistake"
FAILS = {"test_dl_dy": 'one-hot'}

# %% solution_dl_dy
def dl_dy(y, c):
    return -c / np.asarray(y, dtype=float)
