"""The output bias taken from w13 and the output weights from w10-w12."""
KIND = "mistake"
FAILS = {'test_forward_pass': 'output bias'}
EDITS = {
    "solution_forward_pass": [
        ("y_pred = sigmoid(h @ w[10:13, None] + w[9])  # (N, 1)",
         "y_pred = sigmoid(h @ w[9:12, None] + w[12])  # (N, 1)"),
    ],
}
