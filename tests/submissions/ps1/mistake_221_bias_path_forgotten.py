"""The bias gradients left at zero (the bias path forgotten)."""
KIND = "mistake"
FAILS = {"test_backward_221": 'bias'}
SHARED = "_own_numbers.py"  # section 1 worked out from the given cell
EDITS = {
    "solution_backward_221": [
        ("db2 = d2", "db2 = np.zeros(1)"),
        ("db1 = d1", "db1 = np.zeros(2)"),
    ],
}
