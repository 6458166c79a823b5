"""Minibatches without replacement from a permutation, learning rate decayed after the update at iterations 0, ipe, 2 ipe, ... (CS231n); loops and new arrays."""
KIND = "alternative"
FAILS = {}

# %% solution_two_layer_net
class TwoLayerNet:
    """Sampling without replacement (a fresh permutation each epoch), CS231n's decay at it % epoch == 0,
    loops over examples for the one-hot targets, new arrays on every update."""

    def __init__(self, input_size, hidden_size, output_size, std=1e-4, seed=None):
        rng = np.random.default_rng(seed)
        W1 = rng.normal(0.0, 1.0, size=(input_size, hidden_size)) * std
        W2 = rng.normal(0.0, 1.0, size=(hidden_size, output_size)) * std
        self.params = dict(W1=W1, b1=np.zeros((hidden_size,)), W2=W2, b2=np.zeros((output_size,)))

    def forward(self, X):
        pre = np.dot(X, self.params["W1"]) + self.params["b1"][np.newaxis, :]
        hid = pre * (pre > 0)
        return pre, hid, np.dot(hid, self.params["W2"]) + self.params["b2"][np.newaxis, :]

    def loss(self, X, y=None, reg=0.0):
        pre, hid, scores = self.forward(X)
        if y is None:
            return scores
        N, C = scores.shape
        onehot = np.zeros((N, C))
        for i in range(N):
            onehot[i, int(y[i])] = 1.0
        err = scores - onehot
        data_loss = sum(float(np.dot(err[i], err[i])) for i in range(N)) / (2.0 * N)
        W1, W2 = self.params["W1"], self.params["W2"]
        reg_loss = reg / 2.0 * (float(np.sum(np.square(W1))) + float(np.sum(np.square(W2))))
        dscores = err / N
        dhid = np.dot(dscores, W2.T)
        dpre = np.where(pre > 0, dhid, 0.0)
        grads = {
            "W1": np.dot(X.T, dpre) + reg * W1,
            "b1": np.sum(dpre, axis=0),
            "W2": np.dot(hid.T, dscores) + reg * W2,
            "b2": np.sum(dscores, axis=0),
        }
        return data_loss + reg_loss, grads

    def train(self, X, y, X_val, y_val, learning_rate=1e-3, learning_rate_decay=0.95, reg=5e-6,
              num_iters=100, batch_size=200, verbose=False, seed=None):
        rng = np.random.default_rng(seed)
        num_train = X.shape[0]
        iterations_per_epoch = max(num_train // batch_size, 1)
        loss_history, train_acc_history, val_acc_history = [], [], []
        order, pos = rng.permutation(num_train), 0
        for it in range(num_iters):
            if pos + batch_size > num_train:
                order, pos = rng.permutation(num_train), 0
            idx = order[pos:pos + batch_size]
            pos += batch_size
            X_batch, y_batch = X[idx], y[idx]
            loss, grads = self.loss(X_batch, y=y_batch, reg=reg)
            loss_history.append(loss)
            self.params = {k: v - learning_rate * grads[k] for k, v in self.params.items()}
            if verbose and it % 100 == 0:
                print("iteration %d / %d: loss %f" % (it, num_iters, loss))
            if it % iterations_per_epoch == 0:
                train_acc_history.append((self.predict(X_batch) == y_batch).mean())
                val_acc_history.append((self.predict(X_val) == y_val).mean())
                learning_rate *= learning_rate_decay
        return dict(loss_history=loss_history, train_acc_history=train_acc_history,
                    val_acc_history=val_acc_history)

    def predict(self, X):
        return np.argmax(self.forward(X)[2], axis=1)
