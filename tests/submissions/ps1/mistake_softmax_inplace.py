"""softmax subtracts the maximum in place, modifying the caller's array."""
KIND = "mistake"
FAILS = {"test_softmax": 'modified'}

# %% solution_softmax
def softmax(o):
    o = np.asarray(o, dtype=float)
    o -= np.max(o)
    e = np.exp(o)
    return e / e.sum()
