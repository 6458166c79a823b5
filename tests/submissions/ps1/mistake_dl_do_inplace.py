"""dl_do subtracts 1 in place from the caller's y."""
KIND = "mistake"
FAILS = {"test_dl_do": 'modified'}
EDITS = {
    "solution_dl_do": [
        ("g = np.array(y, dtype=np.float64)",
         "g = np.asarray(y, dtype=np.float64)  # no copy: the caller's y"),
    ],
}
