"""forward_scalar computes the loss with math.log10."""
KIND = "mistake"
FAILS = {"test_forward_scalar": 'log10'}
EDITS = {"solution_forward_scalar": [("loss = -math.log(y[c])", "loss = -math.log10(y[c])")]}
