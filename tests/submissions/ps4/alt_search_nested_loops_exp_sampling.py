"""search with nested loops and max() at the end; random_search with natural logs, rng.choice and seeds drawn from rng."""
KIND = "alternative"
FAILS = {}

# %% solution_search
def search(X_train, y_train, X_val, y_val, grid, num_iters=1000, seed=0):
    """Nested loops; all nets kept, the best one picked at the end with max()."""
    results, nets = {}, {}
    for lr in grid["learning_rate"]:
        for reg in grid["reg"]:
            for bs in grid["batch_size"]:
                for hs in grid["hidden_size"]:
                    net = TwoLayerNet(X_train.shape[1], hs, np.max(y_train) + 1, seed=seed)
                    net.train(X_train, y_train, X_val, y_val, learning_rate=lr, reg=reg,
                              num_iters=num_iters, batch_size=bs, seed=seed)
                    train_acc = (net.predict(X_train) == y_train).mean()
                    val_acc = (net.predict(X_val) == y_val).mean()
                    results[lr, reg, bs, hs] = train_acc, val_acc
                    nets[lr, reg, bs, hs] = net
    best_key = max(results, key=lambda key: results[key][1])
    return results, nets[best_key], results[best_key][1]

# %% solution_random_search
def random_search(X_train, y_train, X_val, y_val, n_trials, ranges, rng, num_iters=1000):
    """Natural logs; rng.choice for the lists; every trial trained here with a seed from rng."""
    results, best_net, best_val = {}, None, -1.0
    lo_lr, hi_lr = ranges["learning_rate"]
    lo_reg, hi_reg = ranges["reg"]
    for trial in range(n_trials):
        lr = float(np.exp(rng.uniform(np.log(lo_lr), np.log(hi_lr))))
        reg = float(np.exp(rng.uniform(np.log(lo_reg), np.log(hi_reg))))
        bs = int(rng.choice(ranges["batch_size"]))
        hs = int(rng.choice(ranges["hidden_size"]))
        seed = int(rng.integers(1_000_000))
        net = TwoLayerNet(X_train.shape[1], hs, int(y_train.max()) + 1, seed=seed)
        net.train(X_train, y_train, X_val, y_val, learning_rate=lr, reg=reg, num_iters=num_iters,
                  batch_size=bs, seed=seed)
        train_acc = float(np.mean(net.predict(X_train) == y_train))
        val_acc = float(np.mean(net.predict(X_val) == y_val))
        results[(lr, reg, bs, hs)] = (train_acc, val_acc)
        if val_acc > best_val:
            best_net, best_val = net, val_acc
    return results, best_net, best_val
