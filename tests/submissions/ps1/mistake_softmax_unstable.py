"""softmax without subtracting the maximum: overflows for large logits."""
KIND = "mistake"
FAILS = {"test_softmax": 'large'}
E2E = True

# %% solution_softmax
def softmax(o):
    e = np.exp(np.asarray(o, dtype=float))
    return e / np.sum(e)
