"""dl_dy treats c as a one-hot vector: −c / y."""
KIND = "mistake"
FAILS = {"test_dl_dy": 'one-hot'}
EDITS = {"solution_dl_dy": [("g[c] = -1.0 / y[c]", "g = -c / y")]}
