"""Every net gets 50 hidden units whatever the grid says."""
KIND = "mistake"
FAILS = {
    'test_search': 'hidden_size',
}

# %% solution_search
def search(X_train, y_train, X_val, y_val, grid, num_iters=1000, seed=0):
    """Grid search: train and evaluate one TwoLayerNet per combination of the values in grid.

    grid: dict with lists under "learning_rate", "reg", "batch_size", "hidden_size".
    Returns (results, best_net, best_val): results[(lr, reg, batch_size, hidden_size)] =
    (train_acc, val_acc) for every combination; best_net: the net with the highest validation
    accuracy; best_val: its validation accuracy.
    """
    results, best_net, best_val = {}, None, -1.0
    num_classes = int(y_train.max()) + 1
    for lr, reg, batch_size, hidden_size in itertools.product(
            grid["learning_rate"], grid["reg"], grid["batch_size"], grid["hidden_size"]):
        net = TwoLayerNet(X_train.shape[1], 50, num_classes, seed=seed)
        net.train(X_train, y_train, X_val, y_val, learning_rate=lr, reg=reg, num_iters=num_iters,
                  batch_size=batch_size, seed=seed)
        train_acc = float(np.mean(net.predict(X_train) == y_train))
        val_acc = float(np.mean(net.predict(X_val) == y_val))
        results[(lr, reg, batch_size, hidden_size)] = (train_acc, val_acc)
        if val_acc > best_val:
            best_net, best_val = net, val_acc
    return results, best_net, best_val
