"""dy_do = −y yᵀ, without the diag(y) term."""
KIND = "mistake"
FAILS = {"test_dy_do": 'diagonal term'}

# %% solution_dy_do
def dy_do(y):
    y = np.asarray(y, dtype=float)
    return -np.outer(y, y)
