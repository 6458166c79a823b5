"""forward_scalar indexes W1[j][i] (the (out, in) convention of section 1)."""
KIND = "mistake"
FAILS = {"test_forward_scalar": 'IndexError'}
EDITS = {"solution_forward_scalar": [("W1[i][j]", "W1[j][i]")]}
