"""The output sigmoid's derivative left out: δ_out = ŷ − y."""
KIND = "mistake"
FAILS = {'test_backprop_13': 'derivative of the output sigmoid'}
EDITS = {
    "solution_backprop_13": [
        ("d_out = (y_pred - y) * y_pred * (1 - y_pred)   # (N, 1): dE/dz of the output unit",
         "d_out = (y_pred - y)   # (N, 1): dE/dz of the output unit"),
    ],
}
