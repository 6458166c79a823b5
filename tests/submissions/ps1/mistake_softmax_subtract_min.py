"""softmax shifted by the minimum instead of the maximum: overflows for a wide range."""
KIND = "mistake"
FAILS = {"test_softmax": 'large'}
EDITS = {"solution_softmax": [("e = np.exp(o - np.max(o))", "e = np.exp(o - np.min(o))")]}
