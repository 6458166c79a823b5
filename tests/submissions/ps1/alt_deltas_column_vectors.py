"""backprop_deltas with column vectors internally (delta @ a.T), biases flattened on return."""
KIND = "alternative"
FAILS = {}

# %% solution_backprop_deltas
def backprop_deltas(Ws, bs, x, y):
    """Column-vector formulation."""
    a = np.asarray(x, dtype=float).reshape(-1, 1)
    acts = [a]
    for W, b in zip(Ws, bs):
        a = 1 / (1 + np.exp(-(W @ a + np.reshape(b, (-1, 1)))))
        acts.append(a)
    delta = (a - np.reshape(y, (-1, 1))) * a * (1 - a)
    dWs, dbs = [], []
    for l in reversed(range(len(Ws))):
        dWs.insert(0, delta @ acts[l].T)
        dbs.insert(0, delta.ravel())
        delta = (Ws[l].T @ delta) * acts[l] * (1 - acts[l])
    return dWs, dbs
