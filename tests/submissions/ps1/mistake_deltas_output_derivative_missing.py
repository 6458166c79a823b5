"""backprop_deltas starts with δ⁽ᴸ⁾ = a⁽ᴸ⁾ − y."""
KIND = "mistake"
FAILS = {"test_backprop_deltas": 'output sigmoid'}
EDITS = {"solution_backprop_deltas": [("delta = (a - y) * a * (1.0 - a)", "delta = a - y")]}
