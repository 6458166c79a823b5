"""dy_do = y yᵀ − diag(y): the wrong sign."""
KIND = "mistake"
FAILS = {"test_dy_do": 'sign'}
EDITS = {"solution_dy_do": [("return np.diag(y) - np.outer(y, y)", "return np.outer(y, y) - np.diag(y)")]}
