"""grad_13 leaves out the output sigmoid's derivative ŷ(1 − ŷ)."""
KIND = "mistake"
FAILS = {"test_grad_13": 'output sigmoid'}
EDITS = {"solution_grad_13": [("delta_out = (y_hat - y) * y_hat * (1.0 - y_hat)", "delta_out = y_hat - y")]}
