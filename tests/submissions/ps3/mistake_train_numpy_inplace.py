"""The weights updated in place on the caller's array."""
KIND = "mistake"
FAILS = {'test_train_numpy': 'modified'}
EDITS = {
    "solution_train_numpy": [
        ("w = np.array(w, dtype=np.float64)  # a copy", "w = np.asarray(w, dtype=np.float64)  # no copy"),
    ],
}
