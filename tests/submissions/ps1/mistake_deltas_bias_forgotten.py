"""backprop_deltas returns zero bias gradients (the bias path forgotten)."""
KIND = "mistake"
FAILS = {"test_backprop_deltas": "bias gradient is forgotten"}
EDITS = {"solution_backprop_deltas": [("dbs[l] = delta", "dbs[l] = np.zeros(len(bs[l]))")]}
