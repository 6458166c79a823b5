"""softmax with math.exp on every logit, no shift: OverflowError for large logits."""
KIND = "mistake"
FAILS = {"test_softmax": "OverflowError"}

# %% solution_softmax
def softmax(o):
    e = [math.exp(v) for v in o]
    s = sum(e)
    return np.array([v / s for v in e])
