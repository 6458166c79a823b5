"""train_232 written functionally: new parameter lists every step, losses averaged with sum/len."""
KIND = "alternative"
FAILS = {}

# %% solution_train_232
def train_232(data, params, epochs, lr, loss_and_grads):
    def step(p, g):
        if isinstance(p, list):
            return [step(a, b) for a, b in zip(p, g)]
        return p - lr * g

    params = {k: [list(r) if isinstance(r, list) else r for r in v] for k, v in params.items()}
    losses = []
    for _ in range(epochs):
        epoch = []
        for x, c in data:
            loss, grads = loss_and_grads(x, c, params)
            epoch.append(loss)
            params = {k: step(params[k], grads[k]) for k in ("W1", "b1", "W2", "b2")}
        losses.append(sum(epoch) / len(epoch))
    return params, losses
