"""train_mlp ignores epochs and trains a single epoch."""
KIND = "mistake"
FAILS = {'test_train_mlp': 'one value per epoch', 'test_mnist_targets': 'fewer SGD steps than its epochs'}

# %% solution_train_mlp
def train_mlp(X_train, y_train, X_val, y_val, sizes, activation, lr, batch_size, epochs, rng):
    '''Minibatch SGD on the mean cross-entropy; returns (params, history) with per-batch
    batch_loss and per-epoch train_loss, train_acc, val_loss, val_acc.'''
    params = init_mlp(sizes, rng, scheme="he" if activation == "relu" else "xavier")
    history = {"batch_loss": [], "train_loss": [], "train_acc": [], "val_loss": [], "val_acc": []}
    for _ in range(1):
        for idx in minibatch_indices(len(X_train), batch_size, rng):
            probs, cache = mlp_forward(X_train[idx], params, activation)
            history["batch_loss"].append(cross_entropy(probs, y_train[idx]))
            sgd_step(params, mlp_backward(cache, y_train[idx]), lr)
        for split, X, y in (("train", X_train, y_train), ("val", X_val, y_val)):
            probs, _ = mlp_forward(X, params, activation)
            history[f"{split}_loss"].append(cross_entropy(probs, y))
            history[f"{split}_acc"].append(accuracy(probs, y))
    return params, history
