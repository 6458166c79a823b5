"""train_232 updates the weights W1, W2 but forgets the biases b1, b2."""
KIND = "mistake"
FAILS = {"test_train_232": "biases"}

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
        losses.append(total / len(data))
    return params, losses
