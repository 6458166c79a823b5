"""dy_do uses y @ y (a number) where the outer product y yᵀ belongs."""
KIND = "mistake"
FAILS = {"test_dy_do": 'outer'}

# %% solution_dy_do
def dy_do(y):
    y = np.asarray(y, dtype=float)
    return np.diag(y) - y @ y
