"""Every gradient with the wrong sign ((y − x2) instead of (x2 − y))."""
KIND = "mistake"
FAILS = {"test_backward_221": 'sign'}
SHARED = "_own_numbers.py"  # section 1 worked out from the given cell
EDITS = {"solution_backward_221": [("d2 = (x2 - y) * x2 * (1 - x2)", "d2 = (y - x2) * x2 * (1 - x2)")]}
