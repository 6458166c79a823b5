"""Every result is an array subclass whose __eq__ is always True, with the right shapes but zeros inside."""
KIND = "adversarial"
FAILS = {
    "test_init": None,
    "test_loss": None,
    "test_predict": None,
    "test_train": None,
    "test_learns": None,
    "test_search": None,
    "test_random_search": None,
    "test_best_config": None,
}
E2E = True

# %% solution_two_layer_net
class AlwaysEqual(np.ndarray):
    """An array that claims to equal anything."""

    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = None


def _fake(shape):
    return np.zeros(shape).view(AlwaysEqual)


class TwoLayerNet:
    def __init__(self, input_size, hidden_size, output_size, std=1e-4, seed=None):
        self.params = {"W1": _fake((input_size, hidden_size)), "b1": _fake(hidden_size),
                       "W2": _fake((hidden_size, output_size)), "b2": _fake(output_size)}

    def loss(self, X, y=None, reg=0.0):
        C = np.shape(self.params["W2"])[1]
        if y is None:
            return _fake((len(X), C))
        return _fake(()), {k: _fake(np.shape(v)) for k, v in self.params.items()}

    def train(self, X, y, X_val, y_val, learning_rate=1e-3, learning_rate_decay=0.95, reg=5e-6,
              num_iters=100, batch_size=200, verbose=False, seed=None):
        epochs = max(num_iters // max(len(X) // batch_size, 1), 1)
        return {"loss_history": _fake(num_iters), "train_acc_history": _fake(epochs),
                "val_acc_history": _fake(epochs)}

    def predict(self, X):
        return _fake(len(X)).astype(int).view(AlwaysEqual)

# %% solution_search
def search(X_train, y_train, X_val, y_val, grid, num_iters=1000, seed=0):
    keys = itertools.product(grid["learning_rate"], grid["reg"], grid["batch_size"], grid["hidden_size"])
    net = TwoLayerNet(X_train.shape[1], grid["hidden_size"][0], 10)
    return {k: _fake(2) for k in keys}, net, _fake(())

# %% solution_random_search
def random_search(X_train, y_train, X_val, y_val, n_trials, ranges, rng, num_iters=1000):
    keys = [(ranges["learning_rate"][0], ranges["reg"][0], ranges["batch_size"][0], ranges["hidden_size"][0] + i)
            for i in range(n_trials)]
    net = TwoLayerNet(X_train.shape[1], ranges["hidden_size"][0], 10)
    return {k: _fake(2) for k in keys}, net, _fake(())
