"""The input weights stacked per hidden unit (3, 2) and multiplied as x @ W: W where Wᵀ belongs (a matmul error)."""
KIND = "mistake"
FAILS = {'test_forward_pass': 'Wᵀ', 'test_check_grad': 'fix forward_pass first'}

# %% solution_forward_pass
def forward_pass(x, w):
    """Forward pass of the 2-3-1 network for a batch.

    x: (N, 2) inputs; w: (13,) weights w1..w13 (bias inputs fixed at 1).
    Returns (h, y_pred): hidden activations (N, 3) and outputs (N, 1).
    """
    w = np.asarray(w, dtype=np.float64)
    W = np.stack([w[3:6], w[6:9]], axis=1)      # (3, 2): one row per hidden unit
    h = sigmoid(x @ W + w[0:3])
    y_pred = sigmoid(h @ w[10:13, None] + w[9])
    return h, y_pred
