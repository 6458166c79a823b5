"""The recorded losses lack the ½."""
KIND = "mistake"
FAILS = {'test_train_numpy': 'twice'}

# %% solution_train_numpy
def train_numpy(x_train, y_train, x_test, y_test, w, lr, epochs):
    """Full-batch gradient descent on E (a sum over the training examples).

    Returns (w_final (13,), train_losses, test_losses), the losses recorded before each update.
    The argument w is not modified.
    """
    w = np.array(w, dtype=np.float64)  # a copy
    train_losses, test_losses = [], []
    for _ in range(epochs):
        train_losses.append(np.sum((y_train - forward_pass(x_train, w)[1]) ** 2))
        test_losses.append(np.sum((y_test - forward_pass(x_test, w)[1]) ** 2))
        w -= lr * backprop_13(x_train, y_train, w)
    return w, train_losses, test_losses
