"""train_232 averages the gradients over the epoch and updates once per epoch (full batch, not SGD)."""
KIND = "mistake"
FAILS = {"test_train_232": "one update per epoch"}

# %% solution_train_232
def train_232(data, params, epochs, lr, loss_and_grads):
    losses = []
    n = len(data)
    for _ in range(epochs):
        total = 0.0
        acc = {"W1": [[0.0] * 3 for _ in range(2)], "b1": [0.0] * 3,
               "W2": [[0.0] * 2 for _ in range(3)], "b2": [0.0] * 2}
        for x, c in data:
            loss, g = loss_and_grads(x, c, params)
            total += loss
            for k in ("W1", "W2"):
                for i in range(len(acc[k])):
                    for j in range(len(acc[k][i])):
                        acc[k][i][j] += g[k][i][j] / n
            for k in ("b1", "b2"):
                for j in range(len(acc[k])):
                    acc[k][j] += g[k][j] / n
        for k in ("W1", "W2"):
            for i in range(len(acc[k])):
                for j in range(len(acc[k][i])):
                    params[k][i][j] -= lr * acc[k][i][j]
        for k in ("b1", "b2"):
            for j in range(len(acc[k])):
                params[k][j] -= lr * acc[k][j]
        losses.append(total / n)
    return params, losses
