"""The float32 TwoLayerNet together with the nested-loop search and the vectorized random search."""
KIND = "alternative"
FAILS = {}

# %% solution_two_layer_net
class TwoLayerNet:
    """float32 throughout: parameters, activations, gradients and the loss."""

    def __init__(self, input_size, hidden_size, output_size, std=1e-4, seed=None):
        rng = np.random.default_rng(seed)
        self.params = {
            "W1": (std * rng.standard_normal((input_size, hidden_size))).astype(np.float32),
            "b1": np.zeros(hidden_size, dtype=np.float32),
            "W2": (std * rng.standard_normal((hidden_size, output_size))).astype(np.float32),
            "b2": np.zeros(output_size, dtype=np.float32),
        }

    def loss(self, X, y=None, reg=0.0):
        p = {k: np.asarray(v, dtype=np.float32) for k, v in self.params.items()}
        X = np.asarray(X, dtype=np.float32)
        N = X.shape[0]
        z = X @ p["W1"] + p["b1"]
        a = np.maximum(z, np.float32(0))
        s = a @ p["W2"] + p["b2"]
        if y is None:
            return s
        t = np.eye(s.shape[1], dtype=np.float32)[y]
        r = s - t
        reg = np.float32(reg)
        loss = np.float32(0.5) * np.sum(r * r) / N + np.float32(0.5) * reg * (np.sum(p["W1"] ** 2) + np.sum(p["W2"] ** 2))
        ds = r / np.float32(N)
        da = ds @ p["W2"].T
        da[z <= 0] = 0
        grads = {"W1": X.T @ da + reg * p["W1"], "b1": da.sum(0),
                 "W2": a.T @ ds + reg * p["W2"], "b2": ds.sum(0)}
        return loss, grads

    def train(self, X, y, X_val, y_val, learning_rate=1e-3, learning_rate_decay=0.95, reg=5e-6,
              num_iters=100, batch_size=200, verbose=False, seed=None):
        rng = np.random.default_rng(seed)
        num_train = X.shape[0]
        iterations_per_epoch = max(num_train // batch_size, 1)
        loss_history, train_acc_history, val_acc_history = [], [], []
        for it in range(num_iters):
            idx = rng.integers(0, num_train, size=batch_size)
            loss, grads = self.loss(X[idx], y=y[idx], reg=reg)
            loss_history.append(loss)
            for k in self.params:
                self.params[k] = (self.params[k] - learning_rate * grads[k]).astype(np.float32)
            if (it + 1) % iterations_per_epoch == 0:
                train_acc_history.append(np.mean(self.predict(X[idx]) == y[idx]))
                val_acc_history.append(np.mean(self.predict(X_val) == y_val))
                learning_rate *= learning_rate_decay
        return {"loss_history": loss_history, "train_acc_history": train_acc_history,
                "val_acc_history": val_acc_history}

    def predict(self, X):
        return self.loss(X).argmax(axis=1)

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
