"""dl_do = y − c, treating c as a one-hot vector."""
KIND = "mistake"
FAILS = {"test_dl_do": 'one-hot'}
EDITS = {"solution_dl_do": [("g[c] -= 1.0", "g = g - c")]}
