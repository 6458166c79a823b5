"""train_232 uses a hard-coded step size of 0.1 instead of its lr argument."""
KIND = "mistake"
FAILS = {"test_train_232": "lr argument"}

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
                        params[k][i][j] -= 0.1 * g[k][i][j]
            for k in ("b1", "b2"):
                for j in range(len(params[k])):
                    params[k][j] -= 0.1 * g[k][j]
        losses.append(total / len(data))
    return params, losses
