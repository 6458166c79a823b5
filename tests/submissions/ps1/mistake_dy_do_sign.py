"""dy_do = y yᵀ − diag(y): the wrong sign."""
KIND = "mistake"
FAILS = {"test_dy_do": 'sign'}

# %% solution_dy_do
def dy_do(y):
    y = np.asarray(y, dtype=float)
    return np.outer(y, y) - np.diag(y)
