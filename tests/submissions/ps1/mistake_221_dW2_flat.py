"""dW2 entered as a flat vector of shape (2,) instead of the shape of W2."""
KIND = "mistake"
FAILS = {"test_backward_221": 'shape'}
SHARED = "_own_numbers.py"  # section 1 worked out from the given cell
EDITS = {"solution_backward_221": [("dW2 = np.outer(d2, x1)", "dW2 = d2[0] * x1")]}
