"""backprop_deltas as a recursion over the layers, in float32, returning tuples."""
KIND = "alternative"
FAILS = {}

# %% solution_backprop_deltas
def backprop_deltas(Ws, bs, x, y):
    """Recursive float32 version."""
    Ws32 = [np.asarray(W, dtype=np.float32) for W in Ws]
    bs32 = [np.asarray(b, dtype=np.float32) for b in bs]
    y32 = np.asarray(y, dtype=np.float32)
    L = len(Ws32)

    def go(l, a_prev):
        a = 1 / (1 + np.exp(-(Ws32[l] @ a_prev + bs32[l])))
        if l == L - 1:
            delta = (a - y32) * a * (1 - a)
            rest_W, rest_b = [], []
        else:
            d_next, rest_W, rest_b = go(l + 1, a)
            delta = (Ws32[l + 1].T @ d_next) * a * (1 - a)
        return delta, [np.outer(delta, a_prev)] + rest_W, [delta] + rest_b

    _, dWs, dbs = go(0, np.asarray(x, dtype=np.float32))
    return tuple(dWs), tuple(dbs)
