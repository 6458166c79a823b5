"""The hidden layer ignores the bias weights w1-w3."""
KIND = "mistake"
FAILS = {'test_forward_pass': 'bias'}
EDITS = {
    "solution_forward_pass": [
        ("h = sigmoid(x @ W_in + w[0:3])              # (N, 3)",
         "h = sigmoid(x @ W_in)              # (N, 3)"),
    ],
}
