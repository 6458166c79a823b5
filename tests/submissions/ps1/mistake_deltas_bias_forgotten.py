"""backprop_deltas returns zero bias gradients (the bias path forgotten)."""
KIND = "mistake"
FAILS = {"test_backprop_deltas": "bias gradient is forgotten"}

# %% solution_backprop_deltas
def backprop_deltas(Ws, bs, x, y):
    acts = [np.asarray(x, dtype=float)]
    for W, b in zip(Ws, bs):
        acts.append(1.0 / (1.0 + np.exp(-(W @ acts[-1] + b))))
    delta = (acts[-1] - y) * acts[-1] * (1.0 - acts[-1])
    dWs, dbs = [None] * len(Ws), [None] * len(Ws)
    for l in range(len(Ws) - 1, -1, -1):
        dWs[l] = np.outer(delta, acts[l])
        dbs[l] = np.zeros(len(bs[l]))
        if l > 0:
            delta = (Ws[l].T @ delta) * acts[l] * (1.0 - acts[l])
    return dWs, dbs
