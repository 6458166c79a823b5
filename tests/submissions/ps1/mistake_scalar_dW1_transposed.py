"""backward_scalar returns the W1 gradient as 3 rows of 2 (transposed)."""
KIND = "mistake"
FAILS = {"test_backward_scalar": 'transposed'}
EDITS = {
    "solution_backward_scalar": [
        ("dW1 = [[x[i] * dz1[j] for j in range(n_hid)] for i in range(n_in)]",
         "dW1 = [[x[i] * dz1[j] for i in range(n_in)] for j in range(n_hid)]"),
    ],
}
