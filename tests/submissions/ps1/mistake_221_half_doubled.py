"""The 2 of the square kept next to the ½: every gradient doubled."""
KIND = "mistake"
FAILS = {"test_backward_221": 'factor'}
SHARED = "_own_numbers.py"  # section 1 worked out from the given cell
EDITS = {"solution_backward_221": [("d2 = (x2 - y) * x2 * (1 - x2)", "d2 = 2 * (x2 - y) * x2 * (1 - x2)")]}
