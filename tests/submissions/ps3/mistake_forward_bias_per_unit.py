"""Weights grouped per hidden unit (w1, w2, w3 = bias, x1, x2 of h1): biases on the wrong units."""
KIND = "mistake"
FAILS = {'test_forward_pass': 'biases'}
EDITS = {
    "solution_forward_pass": [
        ("W_in = np.stack([w[3:6], w[6:9]])           # (2, 3): row i holds the weights from x_(i+1)\n"
         "    h = sigmoid(x @ W_in + w[0:3])              # (N, 3)",
         "W_in = np.stack([w[[1, 4, 7]], w[[2, 5, 8]]])           # (2, 3): row i holds the weights from x_(i+1)\n"
         "    h = sigmoid(x @ W_in + w[[0, 3, 6]])              # (N, 3)"),
    ],
}
