"""backprop_deltas uses z(1 − z) on the pre-activations."""
KIND = "mistake"
FAILS = {"test_backprop_deltas": 'pre-activation'}

# %% solution_backprop_deltas
def backprop_deltas(Ws, bs, x, y):
    a = np.asarray(x, dtype=float)
    acts, pres = [a], []
    for W, b in zip(Ws, bs):
        pres.append(W @ a + b)
        a = 1.0 / (1.0 + np.exp(-pres[-1]))
        acts.append(a)
    L = len(Ws)
    delta = (a - y) * pres[-1] * (1.0 - pres[-1])
    dWs, dbs = [None] * L, [None] * L
    for l in range(L - 1, -1, -1):
        dWs[l], dbs[l] = np.outer(delta, acts[l]), delta
        if l > 0:
            delta = (Ws[l].T @ delta) * pres[l - 1] * (1.0 - pres[l - 1])
    return dWs, dbs
