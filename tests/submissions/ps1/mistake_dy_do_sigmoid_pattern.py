"""dy_do = y (1 − y)ᵀ as an outer product, copying the sigmoid derivative."""
KIND = "mistake"
FAILS = {"test_dy_do": 'sigmoid'}

# %% solution_dy_do
def dy_do(y):
    y = np.asarray(y, dtype=float)
    return np.outer(y, 1 - y)
