"""dy_do uses y @ y (a number) where the outer product y yᵀ belongs."""
KIND = "mistake"
FAILS = {"test_dy_do": 'outer'}
EDITS = {"solution_dy_do": [("return np.diag(y) - np.outer(y, y)", "return np.diag(y) - y @ y")]}
