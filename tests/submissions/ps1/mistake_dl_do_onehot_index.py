"""dl_do subtracts 1 at the positions given by the one-hot vector's values, used as indices."""
KIND = "mistake"
FAILS = {"test_dl_do": "as indices"}

# %% solution_dl_do
def dl_do(y, c):
    g = np.array(y, dtype=float)
    one_hot = np.eye(len(g))[c].astype(int)
    g[one_hot] -= 1.0
    return g
