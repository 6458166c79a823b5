"""TwoLayerNet computed in float32 (parameters, gradients, loss); batches drawn with rng.integers."""
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
