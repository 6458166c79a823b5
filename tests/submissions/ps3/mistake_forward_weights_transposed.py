"""Input weights taken row by row per hidden unit (w4, w5 into h1): the weight matrix transposed."""
KIND = "mistake"
FAILS = {'test_forward_pass': 'transposed'}
EDITS = {
    "solution_forward_pass": [
        ("W_in = np.stack([w[3:6], w[6:9]])           # (2, 3): row i holds the weights from x_(i+1)",
         "W_in = w[3:9].reshape(3, 2).T           # (2, 3): row i holds the weights from x_(i+1)"),
    ],
}
