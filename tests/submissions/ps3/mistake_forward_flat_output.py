"""y_pred returned with shape (N,) instead of (N, 1)."""
KIND = "mistake"
FAILS = {'test_forward_pass': 'shape', 'test_check_grad': 'fix forward_pass first'}
EDITS = {
    "solution_forward_pass": [
        ("y_pred = sigmoid(h @ w[10:13, None] + w[9])  # (N, 1)",
         "y_pred = sigmoid(h @ w[10:13] + w[9])  # (N, 1)"),
    ],
}
