"""δ2 = x2 − y: the output sigmoid's derivative left out."""
KIND = "mistake"
FAILS = {"test_backward_221": 'output sigmoid'}
SHARED = "_own_numbers.py"  # section 1 worked out from the given cell
EDITS = {"solution_backward_221": [("d2 = (x2 - y) * x2 * (1 - x2)", "d2 = x2 - y")]}
