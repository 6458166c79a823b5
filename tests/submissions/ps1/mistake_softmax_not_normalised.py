"""softmax returns the shifted exponentials without dividing by their sum."""
KIND = "mistake"
FAILS = {"test_softmax": 'sum to 1'}

# %% solution_softmax
def softmax(o):
    o = np.asarray(o, dtype=float)
    return np.exp(o - o.max())
