"""range(n_trials - 1): one trial too few."""
KIND = "mistake"
FAILS = {
    'test_random_search': 'n_trials trials',
}

# %% solution_random_search
def random_search(X_train, y_train, X_val, y_val, n_trials, ranges, rng, num_iters=1000):
    """Random search: n_trials settings drawn with the generator rng, each trained and evaluated.

    ranges: {"learning_rate": (lo, hi), "reg": (lo, hi), "batch_size": [...], "hidden_size": [...]};
    learning rate and reg are drawn log-uniformly in [lo, hi], the others from the lists.
    Returns (results, best_net, best_val) as search does.
    """
    results, best_net, best_val = {}, None, -1.0
    for _ in range(n_trials - 1):
        lr = 10 ** rng.uniform(np.log10(ranges["learning_rate"][0]), np.log10(ranges["learning_rate"][1]))
        reg = 10 ** rng.uniform(np.log10(ranges["reg"][0]), np.log10(ranges["reg"][1]))
        batch_size = ranges["batch_size"][rng.integers(len(ranges["batch_size"]))]
        hidden_size = ranges["hidden_size"][rng.integers(len(ranges["hidden_size"]))]
        one_point = {"learning_rate": [lr], "reg": [reg], "batch_size": [batch_size],
                     "hidden_size": [hidden_size]}
        trial, net, val_acc = search(X_train, y_train, X_val, y_val, one_point, num_iters=num_iters)
        results.update(trial)
        if val_acc > best_val:
            best_net, best_val = net, val_acc
    return results, best_net, best_val
