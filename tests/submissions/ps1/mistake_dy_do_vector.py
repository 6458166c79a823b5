"""dy_do returns the vector y(1 − y) instead of the K × K matrix."""
KIND = "mistake"
FAILS = {"test_dy_do": 'Jacobian'}

# %% solution_dy_do
def dy_do(y):
    y = np.asarray(y, dtype=float)
    return y * (1 - y)
