"""softmax made 'stable' by clipping the logits to ±500, which changes the result."""
KIND = "mistake"
FAILS = {"test_softmax": 'large'}

# %% solution_softmax
def softmax(o):
    e = np.exp(np.clip(np.asarray(o, dtype=float), -500, 500))
    return e / e.sum()
