"""softmax subtracts the maximum in place, modifying the caller's array."""
KIND = "mistake"
FAILS = {"test_softmax": 'modified'}
EDITS = {
    "solution_softmax": [
        ("e = np.exp(o - np.max(o))",
         "o -= np.max(o)\n"
         "    e = np.exp(o)"),
    ],
}
