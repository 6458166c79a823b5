"""Every answer is an array (or float) subclass whose __eq__ is always True, with the right shapes but no real values."""
KIND = "adversarial"
E2E = True
FAILS = {
    "test_forward_221": None, "test_backward_221": None, "test_softmax": None, "test_dl_dy": None,
    "test_dy_do": None, "test_dl_do": None, "test_forward_scalar": None, "test_backward_scalar": None,
    "test_grad_13": None, "test_backprop_deltas": None,
}

# %% solution_forward_221
class AlwaysEqual(np.ndarray):
    """An array that claims to equal anything."""

    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = None


class AlwaysEqualFloat(float):
    """A float that claims to equal anything."""

    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = float.__hash__


def _fake(shape):
    return np.zeros(shape).view(AlwaysEqual)


z1, x1, z2, x2, loss = _fake(2), _fake(2), _fake(1), _fake(1), _fake(())

# %% solution_backward_221
dW1, db1, dW2, db2 = _fake((2, 2)), _fake(2), _fake((1, 2)), _fake(1)

# %% solution_softmax
def softmax(o):
    return _fake(len(o))

# %% solution_dl_dy
def dl_dy(y, c):
    return _fake(len(y))

# %% solution_dy_do
def dy_do(y):
    return _fake((len(y), len(y)))

# %% solution_dl_do
def dl_do(y, c):
    return _fake(len(y))

# %% solution_forward_scalar
def forward_scalar(x, c, W1, b1, W2, b2):
    f = AlwaysEqualFloat(0.0)
    return [f] * 3, [f] * 3, [f] * 2, [f] * 2, f

# %% solution_backward_scalar
def backward_scalar(x, c, W1, b1, W2, b2):
    f = AlwaysEqualFloat(0.0)
    return {"W1": [[f] * 3 for _ in range(2)], "b1": [f] * 3, "W2": [[f] * 2 for _ in range(3)], "b2": [f] * 2}

# %% solution_grad_13
def grad_13(x1, x2, y, w):
    return _fake(13)

# %% solution_backprop_deltas
def backprop_deltas(Ws, bs, x, y):
    return [_fake(np.shape(W)) for W in Ws], [_fake(np.shape(b)) for b in bs]
