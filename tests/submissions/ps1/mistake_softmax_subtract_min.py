"""softmax shifted by the minimum instead of the maximum: overflows for a wide range."""
KIND = "mistake"
FAILS = {"test_softmax": 'large'}

# %% solution_softmax
def softmax(o):
    o = np.asarray(o, dtype=float)
    e = np.exp(o - o.min())
    return e / e.sum()
