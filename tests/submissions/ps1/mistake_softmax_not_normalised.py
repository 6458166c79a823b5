"""softmax returns the shifted exponentials without dividing by their sum."""
KIND = "mistake"
FAILS = {"test_softmax": 'sum to 1'}
EDITS = {"solution_softmax": [("return e / np.sum(e)", "return e")]}
