"""dl_do returns y: the −1 at the target class forgotten."""
KIND = "mistake"
FAILS = {"test_dl_do": 'target class'}

# %% solution_dl_do
def dl_do(y, c):
    return np.array(y, dtype=float)
