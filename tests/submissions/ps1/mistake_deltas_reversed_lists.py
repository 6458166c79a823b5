"""backprop_deltas appends while going backwards: the lists come out last layer first."""
KIND = "mistake"
FAILS = {"test_backprop_deltas": 'reverse'}

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
    dWs, dbs = [], []
    for l in range(L - 1, -1, -1):
        dWs.append(np.outer(delta, acts[l])); dbs.append(delta)
        if l > 0:
            delta = (Ws[l].T @ delta) * acts[l] * (1.0 - acts[l])
    return dWs, dbs
