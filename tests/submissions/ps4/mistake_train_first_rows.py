"""The minibatch is always the first batch_size rows."""
KIND = "mistake"
FAILS = {
    'test_train': 'same minibatch',
    'test_learns': 'fix train first',
    'test_best_config': 'fix train first',
}

# %% solution_two_layer_net
class TwoLayerNet:
    """A two-layer fully connected network: input - affine - ReLU - affine - scores.

    Trained with the squared error against one-hot targets plus L2 regularization of the weights.
    The parameters live in the dict self.params:
        W1: (D, H) first-layer weights       b1: (H,) first-layer biases
        W2: (H, C) second-layer weights      b2: (C,) second-layer biases
    """

    def __init__(self, input_size, hidden_size, output_size, std=1e-4, seed=None):
        """Draw the weights as std * N(0, 1) with np.random.default_rng(seed); biases are zero.

        input_size: D, the number of input features; hidden_size: H, the number of hidden units;
        output_size: C, the number of classes; std: the scale of the initial weights;
        seed: the seed of the generator that draws the weights (None: unpredictable).
        """
        self.params = {}
        rng = np.random.default_rng(seed)
        self.params["W1"] = std * rng.standard_normal((input_size, hidden_size))
        self.params["b1"] = np.zeros(hidden_size)
        self.params["W2"] = std * rng.standard_normal((hidden_size, output_size))
        self.params["b2"] = np.zeros(output_size)

    def loss(self, X, y=None, reg=0.0):
        """The scores, or the loss and its gradients, for a minibatch.

        X: (N, D) inputs; y: (N,) integer labels in 0..C-1, or None; reg: the L2 strength λ.
        Returns the scores, shape (N, C), if y is None. Otherwise returns (loss, grads) where
            loss = (1/2N) Σ_i ‖s_i − onehot(y_i)‖² + (reg/2)(‖W1‖² + ‖W2‖²), a float, and
            grads is a dict with the same keys and shapes as self.params.
        Does not modify self.params.
        """
        W1, b1 = self.params["W1"], self.params["b1"]
        W2, b2 = self.params["W2"], self.params["b2"]
        N = X.shape[0]
        z = X @ W1 + b1
        hidden = np.maximum(z, 0)
        scores = hidden @ W2 + b2
        if y is None:
            return scores

        targets = np.zeros_like(scores)
        targets[np.arange(N), y] = 1
        diff = scores - targets
        loss = 0.5 * np.sum(diff**2) / N + 0.5 * reg * (np.sum(W1 * W1) + np.sum(W2 * W2))

        dscores = diff / N
        grads = {"W2": hidden.T @ dscores + reg * W2, "b2": dscores.sum(axis=0)}
        dz = (dscores @ W2.T) * (z > 0)
        grads["W1"] = X.T @ dz + reg * W1
        grads["b1"] = dz.sum(axis=0)
        return float(loss), grads

    def train(self, X, y, X_val, y_val, learning_rate=1e-3, learning_rate_decay=0.95, reg=5e-6,
              num_iters=100, batch_size=200, verbose=False, seed=None):
        """Minibatch stochastic gradient descent; updates self.params in place.

        X: (N, D) training inputs and y: (N,) their labels; X_val, y_val: validation data.
        learning_rate: the initial step size; learning_rate_decay: the factor applied to the learning
            rate after each epoch of max(N // batch_size, 1) iterations; reg: the L2 strength;
        num_iters: the number of SGD steps; batch_size: the number of examples per minibatch, drawn
            at random (with or without replacement) with np.random.default_rng(seed);
        verbose: print the loss every 100 iterations.

        Returns a dict with
            "loss_history": the minibatch loss (regularization included) of every iteration;
            "train_acc_history": the accuracy on the current minibatch, once per epoch;
            "val_acc_history": the accuracy on X_val, once per epoch;
        accuracies as fractions in [0, 1].
        """
        rng = np.random.default_rng(seed)
        num_train = X.shape[0]
        iterations_per_epoch = max(num_train // batch_size, 1)
        loss_history, train_acc_history, val_acc_history = [], [], []
        for it in range(num_iters):
            idx = rng.choice(num_train, batch_size, replace=True)
            X_batch, y_batch = X[:batch_size], y[:batch_size]
            loss, grads = self.loss(X_batch, y=y_batch, reg=reg)
            loss_history.append(loss)
            for name in self.params:
                self.params[name] -= learning_rate * grads[name]
            if verbose and it % 100 == 0:
                print(f"iteration {it} / {num_iters}: loss {loss:.6f}")
            if (it + 1) % iterations_per_epoch == 0:
                train_acc_history.append(float(np.mean(self.predict(X_batch) == y_batch)))
                val_acc_history.append(float(np.mean(self.predict(X_val) == y_val)))
                learning_rate *= learning_rate_decay
        return {"loss_history": loss_history, "train_acc_history": train_acc_history,
                "val_acc_history": val_acc_history}

    def predict(self, X):
        """The predicted labels, an int array of shape (N,): the highest-scoring class of each row."""
        return np.argmax(self.loss(X), axis=1)
