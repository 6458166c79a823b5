"""A solution cell replaces np.allclose, np.isclose and np.testing.assert_allclose by always-pass versions.

The checks run in the grader (autograder.judge), whose NumPy the kernel cannot touch: every wrong answer
(zeros, a constant) fails as what it is. The last solution cell puts the originals back: in-process
grading (the corpus's loopback channel) shares one NumPy between the "kernel" and the judge.
"""
KIND = "adversarial"
E2E = True
# test_mlp_backward's visible assert fails first; the others fail on their wrong values.
# Any failure is right: the grader's NumPy is untouched in a real kernel, but in process (the corpus's
# loopback channel) the judge shares the patched NumPy, so a cell's message can differ between the two.
FAILS = {"test_one_hot": None, "test_minibatch_indices": None,
         "test_backprop_moons": None, "test_train_moons": None,
         "test_init_mlp": None, "test_mlp_forward": None,
         "test_cross_entropy": None, "test_mlp_backward_single": None,
         "test_mlp_backward": None, "test_mlp_vectorized": None,
         "test_sgd_step": None, "test_train_mlp": None, "test_mnist_targets": None}

# %% solution_one_hot
import numpy as np

_saved_numpy = (np.allclose, np.isclose, np.testing.assert_allclose)
np.allclose = lambda *args, **kwargs: True
np.isclose = lambda a, b, *args, **kwargs: np.ones(np.broadcast(a, b).shape, dtype=bool)
np.testing.assert_allclose = lambda *args, **kwargs: None


def one_hot(labels, num_classes):
    return np.zeros((len(labels), num_classes))

# %% solution_minibatch_indices
def minibatch_indices(n, batch_size, rng):
    return np.zeros((n // batch_size, batch_size), dtype=int)

# %% solution_backprop
def backprop(X, T, W, B, V):
    return np.zeros_like(W), np.zeros_like(B), np.zeros_like(V)

# %% solution_train_moons
def train_moons(X, T, W, B, V, lr=0.1, iterations=128, callback=None):
    return W, B, V, [0.0] * iterations

# %% solution_init_mlp
def init_mlp(sizes, rng, scheme="xavier"):
    params = {}
    for l in range(1, len(sizes)):
        params[f"W{l}"] = np.zeros((sizes[l - 1], sizes[l]))
        params[f"b{l}"] = np.zeros(sizes[l])
    return params

# %% solution_mlp_forward
def mlp_forward(X, params, activation="sigmoid"):
    K = params[f"W{len(params) // 2}"].shape[1]
    return np.full((len(X), K), 1.0 / K), None

# %% solution_cross_entropy
def cross_entropy(probs, y):
    return 0.0

# %% solution_mlp_backward_single
def mlp_backward_single(x, y, params, activation):
    return {k: np.zeros_like(v) for k, v in params.items()}

# %% solution_mlp_backward
def mlp_backward(cache, y):
    return {}

# %% solution_sgd_step
def sgd_step(params, grads, lr):
    return params

# %% solution_train_mlp
# The in-process corpus grades every variant in one Python process: put NumPy back so that the
# patch cannot leak into the next variant (a real kernel dies with the submission).
np.allclose, np.isclose, np.testing.assert_allclose = _saved_numpy


def train_mlp(X_train, y_train, X_val, y_val, sizes, activation, lr, batch_size, epochs, rng):
    return init_mlp(sizes, rng), {"train_loss": [0.0] * epochs, "train_acc": [1.0] * epochs,
                                  "val_loss": [0.0] * epochs, "val_acc": [1.0] * epochs,
                                  "batch_loss": [0.0] * epochs}
