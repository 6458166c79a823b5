"""backward_scalar uses np.outer and converts with .tolist()."""
KIND = "mistake"
FAILS = {"test_backward_scalar": 'NumPy'}
EDITS = {
    "solution_backward_scalar": [
        ("dW1 = [[x[i] * dz1[j] for j in range(n_hid)] for i in range(n_in)]",
         "dW1 = np.outer(x, dz1).tolist()"),
    ],
}
