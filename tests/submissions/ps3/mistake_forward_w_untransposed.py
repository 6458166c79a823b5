"""The input weights stacked per hidden unit (3, 2) and multiplied as x @ W: W where Wᵀ belongs (a matmul error)."""
KIND = "mistake"
FAILS = {'test_forward_pass': 'Wᵀ', 'test_check_grad': 'fix forward_pass first'}
EDITS = {
    "solution_forward_pass": [
        ("W_in = np.stack([w[3:6], w[6:9]])           # (2, 3): row i holds the weights from x_(i+1)\n"
         "    h = sigmoid(x @ W_in + w[0:3])              # (N, 3)",
         "W = np.stack([w[3:6], w[6:9]], axis=1)      # (3, 2): one row per hidden unit\n"
         "    h = sigmoid(x @ W + w[0:3])"),
    ],
}
