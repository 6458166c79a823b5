"""Two typical mistakes: a softmax that overflows, and grad_13 without the output sigmoid's derivative."""

KIND = "mistake"
FAILS = {"test_softmax": "large", "test_grad_13": "output sigmoid"}
STUDENT = "buggy"  # the id it is submitted under
SHARED = "_own_numbers.py"  # section 1 from its own numbers

# %% solution_student_id
STUDENT_ID = "buggy"

# %% solution_softmax
def softmax(o):
    """Softmax of a 1-D array (or list) o of shape (K,); returns a NumPy array of shape (K,)."""
    e = np.exp(np.asarray(o, dtype=float))
    return e / e.sum()

# %% solution_grad_13
def grad_13(x1, x2, y, w):
    """The 13 partial derivatives ∂E/∂w_k (k = 1..13) for one example (x1, x2) with target y."""
    w = np.asarray(w, dtype=float)
    inputs = np.array([1.0, x1, x2])
    V = w[:9].reshape(3, 3)
    h = 1.0 / (1.0 + np.exp(-(inputs @ V)))
    y_hat = 1.0 / (1.0 + np.exp(-(w[9] + h @ w[10:])))
    delta_out = y_hat - y
    delta_h = delta_out * w[10:] * h * (1.0 - h)
    g_out = delta_out * np.concatenate(([1.0], h))
    return np.concatenate((np.outer(inputs, delta_h).ravel(), g_out))
