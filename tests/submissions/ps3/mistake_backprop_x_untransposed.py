"""The input-weight gradients computed as x @ δ instead of xᵀ δ: a matmul error for most batch sizes."""
KIND = "mistake"
FAILS = {'test_backprop_13': 'Wᵀ', 'test_check_grad': 'fix backprop_13 first'}

# %% solution_backprop_13
def backprop_13(x, y, w):
    """Gradient of E = 1/2 sum_n (y_n - y_pred_n)^2 with respect to w1..w13.

    x: (N, 2); y: (N, 1) targets; w: (13,). Returns an array of shape (13,).
    """
    w = np.asarray(w, dtype=np.float64)
    h, y_pred = forward_pass(x, w)
    d_out = (y_pred - y) * y_pred * (1 - y_pred)
    d_hid = d_out * w[10:13] * h * (1 - h)
    grad = np.empty(13)
    grad[0:3] = d_hid.sum(axis=0)
    grad[3:9] = (x @ d_hid).ravel()
    grad[9] = d_out.sum()
    grad[10:13] = h.T @ d_out[:, 0]
    return grad
