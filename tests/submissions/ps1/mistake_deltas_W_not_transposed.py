"""backprop_deltas propagates with W δ instead of Wᵀ δ."""
KIND = "mistake"
FAILS = {"test_backprop_deltas": 'transpose'}

# %% solution_backprop_deltas
def backprop_deltas(Ws, bs, x, y):
    a = np.asarray(x, dtype=float)
    acts, pres = [a], []
    for W, b in zip(Ws, bs):
        pres.append(W @ a + b)
        a = 1.0 / (1.0 + np.exp(-pres[-1]))
        acts.append(a)
    L = len(Ws)
    delta = (a - y) * a * (1.0 - a)
    dWs, dbs = [None] * L, [None] * L
    for l in range(L - 1, -1, -1):
        dWs[l], dbs[l] = np.outer(delta, acts[l]), delta
        if l > 0:
            delta = (Ws[l] @ delta) * acts[l] * (1.0 - acts[l])
    return dWs, dbs
