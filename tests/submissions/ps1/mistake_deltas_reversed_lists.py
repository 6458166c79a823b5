"""backprop_deltas appends while going backwards: the lists come out last layer first."""
KIND = "mistake"
FAILS = {"test_backprop_deltas": 'reverse'}
EDITS = {
    "solution_backprop_deltas": [
        ("dWs, dbs = [None] * L, [None] * L", "dWs, dbs = [], []"),
        ("dWs[l] = np.outer(delta, activations[l])\n"
         "        dbs[l] = delta",
         "dWs.append(np.outer(delta, activations[l]))\n"
         "        dbs.append(delta)"),
    ],
}
