"""forward_scalar returns the exponentials as y, without normalising."""
KIND = "mistake"
FAILS = {"test_forward_scalar": 'sum to 1'}
EDITS = {"solution_forward_scalar": [("y = [v / s for v in e]", "y = [math.exp(v) for v in o]")]}
