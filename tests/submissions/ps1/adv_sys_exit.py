"""Every graded function calls sys.exit() instead of returning; the section 1 values are the correct ones.

softmax and grad_13 answer the visible tests' inputs and exit only on other (hidden) inputs, so the
hidden check itself meets the SystemExit.
"""
KIND = "adversarial"
E2E = True
FAILS = {
    "test_softmax": "sys.exit", "test_dl_dy": None, "test_dy_do": None, "test_dl_do": None,
    "test_forward_scalar": None, "test_backward_scalar": None, "test_grad_13": "sys.exit",
    "test_backprop_deltas": None,
}
STUDENT = "adv_sys_exit"  # the id it is submitted under; its section-1 numbers are its own

# %% solution_student_id
STUDENT_ID = "adv_sys_exit"

# %% solution_forward_221
# worked out from this student's own numbers (the given cell), as a calculator would
_s = lambda v: 1 / (1 + np.exp(-v))
z1 = W1 @ x0 + b1
x1 = _s(z1)
z2 = W2 @ x1 + b2
x2 = _s(z2)
loss = 0.5 * float((x2[0] - y) ** 2)

# %% solution_backward_221
d2 = (x2 - y) * x2 * (1 - x2)
d1 = (W2.T @ d2) * x1 * (1 - x1)
dW2 = np.outer(d2, x1)
db2 = d2
dW1 = np.outer(d1, x0)
db1 = d1

# %% solution_softmax
import sys


def softmax(o):
    if len(o) <= 3:
        e = np.exp(np.asarray(o, dtype=float) - np.max(o))
        return e / e.sum()
    sys.exit(0)

# %% solution_dl_dy
def dl_dy(y, c):
    sys.exit(0)

# %% solution_dy_do
def dy_do(y):
    sys.exit(0)

# %% solution_dl_do
def dl_do(y, c):
    sys.exit(0)

# %% solution_forward_scalar
def forward_scalar(x, c, W1, b1, W2, b2):
    sys.exit(0)

# %% solution_backward_scalar
def backward_scalar(x, c, W1, b1, W2, b2):
    sys.exit(0)

# %% solution_grad_13
def grad_13(x1, x2, y, w):
    if (x1, x2, y) == (0.5, -1.0, 1.0):
        return np.zeros(13)
    sys.exit(0)

# %% solution_backprop_deltas
def backprop_deltas(Ws, bs, x, y):
    sys.exit(0)
