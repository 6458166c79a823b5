"""train_232 computes new weights but never stores them: the loss never changes."""
KIND = "mistake"
FAILS = {"test_train_232": "never changes"}

# %% solution_train_232
def train_232(data, params, epochs, lr, loss_and_grads):
    losses = []
    for _ in range(epochs):
        total = 0.0
        for x, c in data:
            loss, g = loss_and_grads(x, c, params)
            total += loss
            for k in params:
                new = [[p - lr * d for p, d in zip(row, grow)] if isinstance(row, list) else row - lr * grow
                       for row, grow in zip(params[k], g[k])]  # computed, never assigned back
        losses.append(total / len(data))
    return params, losses
