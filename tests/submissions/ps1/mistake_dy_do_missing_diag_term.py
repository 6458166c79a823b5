"""dy_do = −y yᵀ, without the diag(y) term."""
KIND = "mistake"
FAILS = {"test_dy_do": 'diagonal term'}
EDITS = {"solution_dy_do": [("return np.diag(y) - np.outer(y, y)", "return -np.outer(y, y)")]}
