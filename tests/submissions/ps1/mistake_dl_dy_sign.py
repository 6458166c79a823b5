"""dl_dy with the wrong sign: +1 / y_c."""
KIND = "mistake"
FAILS = {"test_dl_dy": 'sign'}
EDITS = {"solution_dl_dy": [("g[c] = -1.0 / y[c]", "g[c] = 1.0 / y[c]")]}
