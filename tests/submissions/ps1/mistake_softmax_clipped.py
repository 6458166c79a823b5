"""softmax made 'stable' by clipping the logits to ±500, which changes the result."""
KIND = "mistake"
FAILS = {"test_softmax": 'large'}
EDITS = {"solution_softmax": [("e = np.exp(o - np.max(o))", "e = np.exp(np.clip(o, -500, 500))")]}
