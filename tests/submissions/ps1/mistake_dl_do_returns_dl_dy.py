"""dl_do returns ∂l/∂y instead of ∂l/∂o."""
KIND = "mistake"
FAILS = {"test_dl_do": '∂l/∂y'}

# %% solution_dl_do
def dl_do(y, c):
    g = np.zeros(len(y))
    g[c] = -1.0 / y[c]
    return g
