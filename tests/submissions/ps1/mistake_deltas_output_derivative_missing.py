"""backprop_deltas starts with δ⁽ᴸ⁾ = a⁽ᴸ⁾ − y."""
KIND = "mistake"
FAILS = {"test_backprop_deltas": 'output sigmoid'}

# %% solution_backprop_deltas
def backprop_deltas(Ws, bs, x, y):
    a = np.asarray(x, dtype=float)
    acts, pres = [a], []
    for W, b in zip(Ws, bs):
        pres.append(W @ a + b)
        a = 1.0 / (1.0 + np.exp(-pres[-1]))
        acts.append(a)
    L = len(Ws)
    delta = (a - y)
    dWs, dbs = [None] * L, [None] * L
    for l in range(L - 1, -1, -1):
        dWs[l], dbs[l] = np.outer(delta, acts[l]), delta
        if l > 0:
            delta = (Ws[l].T @ delta) * acts[l] * (1.0 - acts[l])
    return dWs, dbs
