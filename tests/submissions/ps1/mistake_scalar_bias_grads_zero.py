"""backward_scalar returns zero gradients for the biases."""
KIND = "mistake"
FAILS = {"test_backward_scalar": 'bias'}
EDITS = {
    "solution_backward_scalar": [
        ("db2 = list(do)", "db2 = [0.0] * n_out"),
        ("db1 = list(dz1)", "db1 = [0.0] * n_hid"),
    ],
}
