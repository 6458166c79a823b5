"""The output bias taken from w13 and the output weights from w10-w12."""
KIND = "mistake"
FAILS = {'test_forward_pass': 'output bias'}

# %% solution_forward_pass
def forward_pass(x, w):
    """Forward pass of the 2-3-1 network for a batch.

    x: (N, 2) inputs; w: (13,) weights w1..w13 (bias inputs fixed at 1).
    Returns (h, y_pred): hidden activations (N, 3) and outputs (N, 1).
    """
    w = np.asarray(w, dtype=np.float64)
    W_in = np.stack([w[3:6], w[6:9]])           # (2, 3): row i holds the weights from x_(i+1)
    h = sigmoid(x @ W_in + w[0:3])              # (N, 3)
    y_pred = sigmoid(h @ w[9:12, None] + w[12])  # (N, 1)
    return h, y_pred
