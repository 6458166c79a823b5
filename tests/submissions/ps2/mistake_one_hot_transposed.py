"""one_hot returns the (num_classes, N) transpose."""
KIND = "mistake"
FAILS = {'test_one_hot': '(N, num_classes)'}
EDITS = {"solution_one_hot": [("return Y", "return Y.T")]}
