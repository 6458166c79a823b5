"""forward_scalar sums −log y over both classes instead of taking the target class only."""
KIND = "mistake"
FAILS = {"test_forward_scalar": "all classes"}
EDITS = {"solution_forward_scalar": [("loss = -math.log(y[c])", "loss = -sum(math.log(v) for v in y)")]}
