"""sgd_step updates the weights but not the biases."""
KIND = "mistake"
FAILS = {'test_sgd_step': 'did not update'}
EDITS = {"solution_sgd_step": [("for k in params:", 'for k in [k for k in params if k.startswith("W")]:')]}
