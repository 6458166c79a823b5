"""The gradient averaged over the examples instead of summed."""
KIND = "mistake"
FAILS = {'test_backprop_13': 'average'}
EDITS = {"solution_backprop_13": [("return grad", "return grad / len(x)")]}
