"""dy_do keeps only the diagonal y_i(1 − y_i) of the Jacobian."""
KIND = "mistake"
FAILS = {"test_dy_do": 'diagonal'}
EDITS = {"solution_dy_do": [("return np.diag(y) - np.outer(y, y)", "return np.diag(y * (1 - y))")]}
