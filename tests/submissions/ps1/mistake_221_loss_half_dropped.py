"""The loss computed as (x2 − y)², without the ½."""
KIND = "mistake"
FAILS = {"test_forward_221": 'factor'}
SHARED = "_own_numbers.py"  # section 1 worked out from the given cell
EDITS = {"solution_forward_221": [("loss = 0.5 * float((x2[0] - y) ** 2)", "loss = float((x2[0] - y) ** 2)")]}
