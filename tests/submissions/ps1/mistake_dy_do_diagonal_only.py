"""dy_do keeps only the diagonal y_i(1 − y_i) of the Jacobian."""
KIND = "mistake"
FAILS = {"test_dy_do": 'diagonal'}

# %% solution_dy_do
def dy_do(y):
    y = np.asarray(y, dtype=float)
    return np.diag(y * (1 - y))
