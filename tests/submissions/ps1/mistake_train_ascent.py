"""train_232 adds lr · gradient (gradient ascent): the loss grows."""
KIND = "mistake"
FAILS = {"test_train_232": "loss grows"}

# %% solution_train_232
def train_232(data, params, epochs, lr, loss_and_grads):
    losses = []
    for _ in range(epochs):
        total = 0.0
        for x, c in data:
            loss, g = loss_and_grads(x, c, params)
            total += loss
            for k in ("W1", "W2"):
                params[k] = [[p + lr * d for p, d in zip(row, grow)] for row, grow in zip(params[k], g[k])]
            for k in ("b1", "b2"):
                params[k] = [p + lr * d for p, d in zip(params[k], g[k])]
        losses.append(total / len(data))
    return params, losses
