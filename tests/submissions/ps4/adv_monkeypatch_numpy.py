"""The class cell replaces np.allclose, np.isclose and np.testing.assert_allclose by always-pass versions; every answer is zeros.

The checks run in the grader (autograder.judge), whose NumPy the kernel cannot touch: every zero answer
fails as what it is, a wrong value (before, the in-kernel guard reported the replaced functions). The
search returns an untrained net with made-up accuracies (1.0, 1.0): the grader recomputes best_net's
own and does not find them in results. The last solution cell puts the originals back: in-process
grading (the corpus's loopback channel) shares one NumPy between the "kernel" and the judge.
"""
KIND = "adversarial"
# Any failure is right: the grader's NumPy is untouched in a real kernel, but in process (the corpus's
# loopback channel) the judge shares the patched NumPy, so a cell's message can differ between the two.
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
_originals = (np.allclose, np.isclose, np.testing.assert_allclose)
np.allclose = lambda *args, **kwargs: True
np.isclose = lambda a, b, *args, **kwargs: np.ones(np.broadcast(a, b).shape, dtype=bool)
np.testing.assert_allclose = lambda *args, **kwargs: None


class TwoLayerNet:
    def __init__(self, input_size, hidden_size, output_size, std=1e-4, seed=None):
        self.params = {"W1": np.zeros((input_size, hidden_size)), "b1": np.zeros(hidden_size),
                       "W2": np.zeros((hidden_size, output_size)), "b2": np.zeros(output_size)}

    def loss(self, X, y=None, reg=0.0):
        scores = np.zeros((len(X), self.params["W2"].shape[1]))
        if y is None:
            return scores
        return 0.0, {k: np.zeros_like(v) for k, v in self.params.items()}

    def train(self, X, y, X_val, y_val, learning_rate=1e-3, learning_rate_decay=0.95, reg=5e-6,
              num_iters=100, batch_size=200, verbose=False, seed=None):
        return {"loss_history": [0.0] * num_iters, "train_acc_history": [1.0] * num_iters,
                "val_acc_history": [1.0] * num_iters}

    def predict(self, X):
        return np.zeros(len(X), dtype=int)

# %% solution_search
def search(X_train, y_train, X_val, y_val, grid, num_iters=1000, seed=0):
    keys = itertools.product(grid["learning_rate"], grid["reg"], grid["batch_size"], grid["hidden_size"])
    return {k: (1.0, 1.0) for k in keys}, TwoLayerNet(X_train.shape[1], grid["hidden_size"][0], 10), 1.0

# %% solution_random_search
np.allclose, np.isclose, np.testing.assert_allclose = _originals


def random_search(X_train, y_train, X_val, y_val, n_trials, ranges, rng, num_iters=1000):
    keys = [(ranges["learning_rate"][0], ranges["reg"][0], ranges["batch_size"][0], ranges["hidden_size"][0] + i)
            for i in range(n_trials)]
    return {k: (1.0, 1.0) for k in keys}, TwoLayerNet(X_train.shape[1], ranges["hidden_size"][0], 10), 1.0
