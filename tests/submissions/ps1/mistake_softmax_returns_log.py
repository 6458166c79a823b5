"""softmax returns log-softmax (log-probabilities)."""
KIND = "mistake"
FAILS = {"test_softmax": 'log'}
EDITS = {"solution_softmax": [("return e / np.sum(e)", "return o - np.max(o) - np.log(np.sum(e))")]}
