"""RandomState(seed) instead of default_rng, decay at the start of every epoch, einsum, training accuracy on the whole set, predict returns a list of ints."""
KIND = "alternative"
FAILS = {}

# %% solution_two_layer_net
class TwoLayerNet:
    """np.random.RandomState(seed) for the weights and the minibatches; the learning rate decayed at the
    start of every epoch (before the first update too); einsum; predict returns a list of ints."""

    def __init__(self, input_size, hidden_size, output_size, std=1e-4, seed=None):
        state = np.random.RandomState(seed)
        self.params = {}
        self.params["W1"] = std * state.randn(input_size, hidden_size)
        self.params["b1"] = np.zeros(hidden_size)
        self.params["W2"] = std * state.randn(hidden_size, output_size)
        self.params["b2"] = np.zeros(output_size)

    def loss(self, X, y=None, reg=0.0):
        W1, b1, W2, b2 = self.params["W1"], self.params["b1"], self.params["W2"], self.params["b2"]
        N = X.shape[0]
        h_in = np.einsum("nd,dh->nh", X, W1) + b1
        mask = h_in > 0
        h = h_in * mask
        scores = np.einsum("nh,hc->nc", h, W2) + b2
        if y is None:
            return scores
        d = scores.copy()
        d[np.arange(N), y] -= 1
        loss = np.einsum("nc,nc->", d, d) / (2 * N) + reg * (np.einsum("ij,ij->", W1, W1) + np.einsum("ij,ij->", W2, W2)) / 2
        d /= N
        dh = np.einsum("nc,hc->nh", d, W2) * mask
        return loss, {"W1": np.einsum("nd,nh->dh", X, dh) + reg * W1, "b1": dh.sum(axis=0),
                      "W2": np.einsum("nh,nc->hc", h, d) + reg * W2, "b2": d.sum(axis=0)}

    def train(self, X, y, X_val, y_val, learning_rate=1e-3, learning_rate_decay=0.95, reg=5e-6,
              num_iters=100, batch_size=200, verbose=False, seed=None):
        state = np.random.RandomState(seed)
        num_train = X.shape[0]
        iterations_per_epoch = max(num_train // batch_size, 1)
        loss_history, train_acc_history, val_acc_history = [], [], []
        for it in range(num_iters):
            if it % iterations_per_epoch == 0:
                learning_rate *= learning_rate_decay
            batch = state.choice(num_train, batch_size)
            loss, grads = self.loss(X[batch], y[batch], reg)
            loss_history.append(loss)
            for name, grad in grads.items():
                self.params[name] -= learning_rate * grad
            if (it + 1) % iterations_per_epoch == 0:
                train_acc_history.append(float(np.mean(np.array(self.predict(X)) == y)))
                val_acc_history.append(float(np.mean(np.array(self.predict(X_val)) == y_val)))
        return {"loss_history": loss_history, "train_acc_history": train_acc_history,
                "val_acc_history": val_acc_history}

    def predict(self, X):
        scores = self.loss(X)
        return [int(np.argmax(row)) for row in scores]
