"""A solution cell replaces np.allclose, np.isclose and np.testing.assert_allclose by always-pass versions; the answers are zeros.

The checks run in the grader (autograder.judge), whose NumPy the kernel cannot touch: every zero answer
fails as what it is, a wrong value (before, the in-kernel guard reported the replaced functions). The
last solution cell puts the originals back: in-process grading (the corpus's loopback channel) shares
one NumPy between the "kernel" and the judge, and test_evaluate shows that its wrong answer also fails
on an intact NumPy.
"""
KIND = "adversarial"
E2E = True
# Any failure is right: the grader's NumPy is untouched in a real kernel, but in process (the corpus's
# loopback channel) the judge shares the patched NumPy, so a cell's message can differ between the two.
FAILS = {
    "test_forward_pass": None, "test_backprop_13": None,
    "test_check_grad": None, "test_train_numpy": None,
    "test_build_model": None, "test_weights_to_model": None,
    "test_model_to_weights": None, "test_train_torch": None,
    "test_mlp": None, "test_train_epoch": None, "test_evaluate": None,
}

# %% solution_forward_pass
_originals = (np.allclose, np.isclose, np.testing.assert_allclose)
np.allclose = lambda *args, **kwargs: True
np.isclose = lambda a, b, *args, **kwargs: np.ones(np.broadcast(a, b).shape, dtype=bool)
np.testing.assert_allclose = lambda *args, **kwargs: None


def forward_pass(x, w):
    return np.zeros((len(x), 3)), np.zeros((len(x), 1))

# %% solution_backprop_13
def backprop_13(x, y, w):
    return np.zeros(13)

# %% solution_check_grad
check_grad_error = 0.0

# %% solution_train_numpy
def train_numpy(x_train, y_train, x_test, y_test, w, lr, epochs):
    return np.array(w, dtype=float), [0.0] * epochs, [0.0] * epochs

# %% solution_build_model
def build_model(d_in, hidden, d_out, dtype=torch.float64):
    return nn.Sequential(nn.Linear(d_in, hidden), nn.Sigmoid(), nn.Linear(hidden, d_out))

# %% solution_weights_to_model
def weights_to_model(w, model):
    return model

# %% solution_model_to_weights
def model_to_weights(model):
    return np.zeros(13)

# %% solution_train_torch
def train_torch(model, x, y, x_test, y_test, lr, epochs):
    return [0.0] * epochs, [0.0] * epochs

# %% solution_mlp
class MLP(nn.Module):
    def __init__(self, in_features, hidden_sizes, out_features, activation="relu"):
        super().__init__()
        self.out = nn.Linear(in_features, out_features)

    def forward(self, x):
        return self.out(x)

# %% solution_train_epoch
def train_epoch(model, loader, optimizer, loss_fn):
    return 0.0

# %% solution_evaluate
np.allclose, np.isclose, np.testing.assert_allclose = _originals


def evaluate(model, loader, loss_fn):
    return 0.0, 1.0
