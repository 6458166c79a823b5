"""Every graded function and method calls sys.exit() instead of returning."""
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
import sys


class TwoLayerNet:
    def __init__(self, input_size, hidden_size, output_size, std=1e-4, seed=None):
        sys.exit()

    def loss(self, X, y=None, reg=0.0):
        sys.exit()

    def train(self, X, y, X_val, y_val, learning_rate=1e-3, learning_rate_decay=0.95, reg=5e-6,
              num_iters=100, batch_size=200, verbose=False, seed=None):
        sys.exit()

    def predict(self, X):
        sys.exit()

# %% solution_search
def search(X_train, y_train, X_val, y_val, grid, num_iters=1000, seed=0):
    sys.exit()

# %% solution_random_search
def random_search(X_train, y_train, X_val, y_val, n_trials, ranges, rng, num_iters=1000):
    sys.exit(0)
