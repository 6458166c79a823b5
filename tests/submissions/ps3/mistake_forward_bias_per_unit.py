"""Weights grouped per hidden unit (w1, w2, w3 = bias, x1, x2 of h1): biases on the wrong units."""
KIND = "mistake"
FAILS = {'test_forward_pass': 'biases'}

# %% solution_forward_pass
def forward_pass(x, w):
    """Forward pass of the 2-3-1 network for a batch.

    x: (N, 2) inputs; w: (13,) weights w1..w13 (bias inputs fixed at 1).
    Returns (h, y_pred): hidden activations (N, 3) and outputs (N, 1).
    """
    w = np.asarray(w, dtype=np.float64)
    W_in = np.stack([w[[1, 4, 7]], w[[2, 5, 8]]])           # (2, 3): row i holds the weights from x_(i+1)
    h = sigmoid(x @ W_in + w[[0, 3, 6]])              # (N, 3)
    y_pred = sigmoid(h @ w[10:13, None] + w[9])  # (N, 1)
    return h, y_pred
