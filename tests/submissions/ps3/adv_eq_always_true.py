"""Graded functions return objects whose comparisons are always True (and that fake shape and float)."""
KIND = "adversarial"
E2E = True
FAILS = {
    "test_forward_pass": "AlwaysEqual", "test_backprop_13": "AlwaysEqual",
    "test_check_grad": "AlwaysEqual", "test_train_numpy": "AlwaysEqual",
    "test_model_to_weights": None, "test_train_epoch": "never called",
    "test_evaluate": "never called",
}

# %% solution_forward_pass
class AlwaysEqual:
    """Equal to everything, ordered before and after everything, of any shape you like."""

    def __init__(self, shape=()):
        self.shape = shape
        self.ndim = len(shape)

    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __le__ = __ge__ = __lt__ = __gt__ = __eq__

    def __float__(self):
        return 0.0

    def __len__(self):
        return self.shape[0] if self.shape else 1

    def __getitem__(self, item):
        return AlwaysEqual()

    def __hash__(self):
        return 0


def forward_pass(x, w):
    return AlwaysEqual((len(x), 3)), AlwaysEqual((len(x), 1))

# %% solution_backprop_13
def backprop_13(x, y, w):
    return AlwaysEqual((13,))

# %% solution_check_grad
def E_train(w):
    return AlwaysEqual()


check_grad_error = AlwaysEqual()

# %% solution_train_numpy
def train_numpy(x_train, y_train, x_test, y_test, w, lr, epochs):
    return AlwaysEqual((13,)), [AlwaysEqual()] * epochs, [AlwaysEqual()] * epochs

# %% solution_model_to_weights
class EqualArray(np.ndarray):
    """A NumPy array subclass whose == is always True."""

    def __eq__(self, other):
        return np.ones(np.shape(self), dtype=bool)


def model_to_weights(model):
    return np.zeros(13).view(EqualArray)

# %% solution_train_epoch
def train_epoch(model, loader, optimizer, loss_fn):
    return AlwaysEqual()

# %% solution_evaluate
def evaluate(model, loader, loss_fn):
    return AlwaysEqual(), AlwaysEqual()
