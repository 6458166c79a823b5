"""Targets flattened to (N,) against (N, 1) predictions: the error broadcasts to (N, N)."""
KIND = "mistake"
FAILS = {'test_backprop_13': 'broadcast', 'test_check_grad': 'fix backprop_13 first'}
EDITS = {
    "solution_backprop_13": [
        ("d_out = (y_pred - y) * y_pred * (1 - y_pred)   # (N, 1): dE/dz of the output unit",
         "d_out = (y_pred - y.ravel()) * y_pred * (1 - y_pred)   # (N, 1): dE/dz of the output unit"),
    ],
}
