"""forward_scalar forgets the output bias b2."""
KIND = "mistake"
FAILS = {"test_forward_scalar": 'bias'}
EDITS = {"solution_forward_scalar": [(" + b2[k] for k in range(n_out)]", " for k in range(n_out)]")]}
