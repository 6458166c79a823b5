"""backprop_deltas by centred finite differences of the cost, entry by entry."""
KIND = "mistake"
FAILS = {"test_backprop_deltas": "finite differences"}

# %% solution_backprop_deltas
def backprop_deltas(Ws, bs, x, y):
    Ws = [np.array(W, dtype=float) for W in Ws]
    bs = [np.array(b, dtype=float) for b in bs]

    def cost():
        a = np.asarray(x, dtype=float)
        for W, b in zip(Ws, bs):
            a = 1 / (1 + np.exp(-(W @ a + b)))
        return 0.5 * np.sum((a - y) ** 2)

    def numeric(p):
        g = np.zeros_like(p)
        for i in np.ndindex(p.shape):
            old = p[i]
            p[i] = old + 1e-5
            up = cost()
            p[i] = old - 1e-5
            down = cost()
            p[i] = old
            g[i] = (up - down) / 2e-5
        return g

    return [numeric(W) for W in Ws], [numeric(b) for b in bs]
