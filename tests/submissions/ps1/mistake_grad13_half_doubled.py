"""grad_13 differentiates E = ½(y − ŷ)² as 2(ŷ − y): every partial doubled."""
KIND = "mistake"
FAILS = {"test_grad_13": 'factor'}
EDITS = {
    "solution_grad_13": [
        ("delta_out = (y_hat - y) * y_hat * (1.0 - y_hat)",
         "delta_out = 2 * (y_hat - y) * y_hat * (1.0 - y_hat)"),
    ],
}
