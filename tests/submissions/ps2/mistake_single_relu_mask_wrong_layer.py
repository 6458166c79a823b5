"""mlp_backward_single takes the ReLU mask from the layer above."""
KIND = "mistake"
FAILS = {'test_mlp_backward_single': 'mlp_backward_single'}
EDITS = {"solution_mlp_backward_single": [("delta = back * (z[l - 2] > 0)", "delta = back * (z[l - 1] > 0)")]}
