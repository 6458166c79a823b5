"""The output unit is linear: the sigmoid on y_pred is missing."""
KIND = "mistake"
FAILS = {'test_forward_pass': 'sigmoid'}
EDITS = {
    "solution_forward_pass": [
        ("y_pred = sigmoid(h @ w[10:13, None] + w[9])  # (N, 1)",
         "y_pred = h @ w[10:13, None] + w[9]  # (N, 1)"),
    ],
}
