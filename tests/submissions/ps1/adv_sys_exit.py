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
STUDENT = "adv_sys_exit"  # the id it is submitted under
SHARED = "_own_numbers.py"  # section 1 from its own numbers

# %% solution_student_id
STUDENT_ID = "adv_sys_exit"

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
