"""dl_dy returns −y_c at the target instead of −1 / y_c."""
KIND = "mistake"
FAILS = {"test_dl_dy": 'derivative'}
EDITS = {"solution_dl_dy": [("g[c] = -1.0 / y[c]", "g[c] = -y[c]")]}
