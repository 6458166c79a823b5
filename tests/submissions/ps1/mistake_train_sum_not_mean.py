"""train_232 reports each epoch's summed loss instead of its mean."""
KIND = "mistake"
FAILS = {"test_train_232": "number of examples"}

# %% solution_train_232
def train_232(data, params, epochs, lr, loss_and_grads):
    losses = []
    for _ in range(epochs):
        total = 0.0
        for x, c in data:
            loss, g = loss_and_grads(x, c, params)
            total += loss
            for k in ("W1", "W2"):
                for i in range(len(params[k])):
                    for j in range(len(params[k][i])):
                        params[k][i][j] -= lr * g[k][i][j]
            for k in ("b1", "b2"):
                for j in range(len(params[k])):
                    params[k][j] -= lr * g[k][j]
        losses.append(total)
    return params, losses
