"""softmax returns log-softmax (log-probabilities)."""
KIND = "mistake"
FAILS = {"test_softmax": 'log'}

# %% solution_softmax
def softmax(o):
    o = np.asarray(o, dtype=float)
    m = o.max()
    return o - m - np.log(np.sum(np.exp(o - m)))
