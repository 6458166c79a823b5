"""backprop_deltas returns each bias gradient as a column of shape (d, 1)."""
KIND = "mistake"
FAILS = {"test_backprop_deltas": 'shape'}
EDITS = {"solution_backprop_deltas": [("dbs[l] = delta", "dbs[l] = delta.reshape(-1, 1)")]}
