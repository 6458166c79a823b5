"""dl_dy puts −1 / y_i in every entry, not only at the target class."""
KIND = "mistake"
FAILS = {"test_dl_dy": 'target class'}
EDITS = {"solution_dl_dy": [("g[c] = -1.0 / y[c]", "g = -1.0 / y")]}
