"""train_val_split shuffles an index array in place with rng.shuffle and slices it; lists of rows are fine."""
KIND = "alternative"

# %% solution_train_val_split
def train_val_split(X, y, val_fraction, rng):
    '''Random split of the rows of X (N, ...) and labels y (N,): the first round(val_fraction * N)
    indices of a permutation drawn from rng form the validation set, the others the training set.
    Returns (X_train, y_train, X_val, y_val).'''
    n = X.shape[0]
    n_val = round(val_fraction * n)
    order = np.arange(n)
    rng.shuffle(order)
    train_idx, val_idx = np.sort(order[n_val:]), np.sort(order[:n_val])
    return np.take(X, train_idx, axis=0), y[train_idx].copy(), np.take(X, val_idx, axis=0), y[val_idx].copy()
