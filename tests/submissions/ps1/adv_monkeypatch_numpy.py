"""A solution cell replaces np.allclose, np.isclose and np.testing.assert_allclose by always-pass versions; every answer is zeros.

The checks run in the grader (autograder.judge), whose NumPy the kernel cannot touch: every zero answer
fails as what it is, a wrong value. The last solution cell puts the originals back: in-process grading
(the corpus's loopback channel) shares one NumPy between the "kernel" and the judge.
"""
KIND = "adversarial"
E2E = True
# Any failure is right: the grader's NumPy is untouched in a real kernel, but in process (the corpus's
# loopback channel) the judge shares the patched NumPy, so a cell's message can differ between the two.
FAILS = {
    "test_forward_221": None, "test_backward_221": None,
    "test_softmax": None, "test_dl_dy": None, "test_dy_do": None,
    "test_dl_do": None, "test_forward_scalar": None, "test_backward_scalar": None,
    "test_grad_13": None, "test_backprop_deltas": None,
}

# %% solution_forward_221
_originals = (np.allclose, np.isclose, np.testing.assert_allclose)
np.allclose = lambda *args, **kwargs: True
np.isclose = lambda a, b, *args, **kwargs: np.ones(np.broadcast(a, b).shape, dtype=bool)
np.testing.assert_allclose = lambda *args, **kwargs: None
z1, x1, z2, x2, loss = np.zeros(2), np.zeros(2), np.zeros(1), np.zeros(1), 0.0

# %% solution_backward_221
dW1, db1, dW2, db2 = np.zeros((2, 2)), np.zeros(2), np.zeros((1, 2)), np.zeros(1)

# %% solution_softmax
def softmax(o):
    return np.zeros(len(o))

# %% solution_dl_dy
def dl_dy(y, c):
    return np.zeros(len(y))

# %% solution_dy_do
def dy_do(y):
    return np.zeros((len(y), len(y)))

# %% solution_dl_do
def dl_do(y, c):
    return np.zeros(len(y))

# %% solution_forward_scalar
def forward_scalar(x, c, W1, b1, W2, b2):
    return [0.0] * 3, [0.0] * 3, [0.0] * 2, [0.5] * 2, 0.0

# %% solution_backward_scalar
def backward_scalar(x, c, W1, b1, W2, b2):
    return {"W1": [[0.0] * 3 for _ in range(2)], "b1": [0.0] * 3, "W2": [[0.0] * 2 for _ in range(3)], "b2": [0.0] * 2}

# %% solution_grad_13
def grad_13(x1, x2, y, w):
    return np.zeros(13)

# %% solution_backprop_deltas
np.allclose, np.isclose, np.testing.assert_allclose = _originals


def backprop_deltas(Ws, bs, x, y):
    return [np.zeros(np.shape(W)) for W in Ws], [np.zeros(np.shape(b)) for b in bs]
