"""dy_do = y (1 − y)ᵀ as an outer product, copying the sigmoid derivative."""
KIND = "mistake"
FAILS = {"test_dy_do": 'sigmoid'}
EDITS = {"solution_dy_do": [("return np.diag(y) - np.outer(y, y)", "return np.outer(y, 1 - y)")]}
