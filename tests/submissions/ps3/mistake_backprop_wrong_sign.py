"""δ_out = (y − ŷ) σ′: the gradient points uphill."""
KIND = "mistake"
FAILS = {'test_backprop_13': 'sign'}
EDITS = {
    "solution_backprop_13": [
        ("d_out = (y_pred - y) * y_pred * (1 - y_pred)   # (N, 1): dE/dz of the output unit",
         "d_out = (y - y_pred) * y_pred * (1 - y_pred)   # (N, 1): dE/dz of the output unit"),
    ],
}
