"""The bias path forgotten: the gradients of w1-w3 and w10 left at zero."""
KIND = "mistake"
FAILS = {'test_backprop_13': 'bias'}

# %% solution_backprop_13
def backprop_13(x, y, w):
    """Gradient of E = 1/2 sum_n (y_n - y_pred_n)^2 with respect to w1..w13.

    x: (N, 2); y: (N, 1) targets; w: (13,). Returns an array of shape (13,).
    """
    w = np.asarray(w, dtype=np.float64)
    h, y_pred = forward_pass(x, w)
    d_out = (y_pred - y) * y_pred * (1 - y_pred)   # (N, 1): dE/dz of the output unit
    d_hid = d_out * w[10:13] * h * (1 - h)         # (N, 3): dE/dz of the hidden units
    grad = np.zeros(13)
    grad[3:6] = x[:, 0] @ d_hid
    grad[6:9] = x[:, 1] @ d_hid
    grad[10:13] = h.T @ d_out[:, 0]
    return grad
