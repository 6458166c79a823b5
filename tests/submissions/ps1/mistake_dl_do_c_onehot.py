"""dl_do = y − c, treating c as a one-hot vector."""
KIND = "mistake"
FAILS = {"test_dl_do": 'one-hot'}

# %% solution_dl_do
def dl_do(y, c):
    return np.asarray(y, dtype=float) - c
