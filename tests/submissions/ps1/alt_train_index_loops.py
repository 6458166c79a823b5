"""train_232 with explicit index loops, a running mean and a tuple as the result."""
KIND = "alternative"
FAILS = {}

# %% solution_train_232
def train_232(data, params, epochs, lr, loss_and_grads):
    history = []
    for epoch in range(epochs):
        mean = 0.0
        for n in range(len(data)):
            x, c = data[n]
            loss, grads = loss_and_grads(x, c, params)
            mean += (loss - mean) / (n + 1)
            for name in ("W1", "W2"):
                W, G = params[name], grads[name]
                for i in range(len(W)):
                    for j in range(len(W[i])):
                        W[i][j] = W[i][j] - lr * G[i][j]
            for name in ("b1", "b2"):
                b, G = params[name], grads[name]
                for j in range(len(b)):
                    b[j] = b[j] - lr * G[j]
        history.append(mean)
    return (params, history)
