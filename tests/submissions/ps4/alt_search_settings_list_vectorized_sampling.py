"""search over a list of setting dicts (ties to the later setting); random_search draws all settings at once, vectorized."""
KIND = "alternative"
FAILS = {}

# %% solution_search
def search(X_train, y_train, X_val, y_val, grid, num_iters=1000, seed=0):
    """Settings in a list of dicts; accuracies as numpy floats; ties go to the later setting."""
    names = ["learning_rate", "reg", "batch_size", "hidden_size"]
    settings = [dict(zip(names, values)) for values in itertools.product(*(grid[n] for n in names))]
    results, best_net, best_val = {}, None, -np.inf
    for s in settings:
        net = TwoLayerNet(X_train.shape[1], s["hidden_size"], len(np.unique(y_train)), seed=seed)
        net.train(X_train, y_train, X_val, y_val, learning_rate=s["learning_rate"], reg=s["reg"],
                  num_iters=num_iters, batch_size=s["batch_size"], seed=seed)
        accs = [np.mean(net.predict(X_) == y_) for X_, y_ in ((X_train, y_train), (X_val, y_val))]
        results[tuple(s[n] for n in names)] = tuple(accs)
        if accs[1] >= best_val:
            best_net, best_val = net, accs[1]
    return results, best_net, best_val

# %% solution_random_search
def random_search(X_train, y_train, X_val, y_val, n_trials, ranges, rng, num_iters=1000):
    """All settings drawn first, vectorized (base-10 exponents); then one search per setting."""
    log_lr = rng.uniform(*np.log10(ranges["learning_rate"]), size=n_trials)
    log_reg = rng.uniform(*np.log10(ranges["reg"]), size=n_trials)
    batch = rng.integers(0, len(ranges["batch_size"]), size=n_trials)
    hidden = rng.integers(0, len(ranges["hidden_size"]), size=n_trials)
    results, best = {}, (None, -1.0)
    for i in range(n_trials):
        grid = {"learning_rate": [10.0 ** log_lr[i]], "reg": [10.0 ** log_reg[i]],
                "batch_size": [ranges["batch_size"][batch[i]]],
                "hidden_size": [ranges["hidden_size"][hidden[i]]]}
        r, net, val = search(X_train, y_train, X_val, y_val, grid, num_iters=num_iters, seed=i)
        results.update(r)
        if val > best[1]:
            best = (net, val)
    return results, best[0], best[1]
