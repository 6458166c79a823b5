"""dy_do returns the vector y(1 − y) instead of the K × K matrix."""
KIND = "mistake"
FAILS = {"test_dy_do": 'Jacobian'}
EDITS = {"solution_dy_do": [("return np.diag(y) - np.outer(y, y)", "return y * (1 - y)")]}
