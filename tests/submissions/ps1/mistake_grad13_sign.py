"""grad_13 uses (y − ŷ) instead of (ŷ − y): every partial with the wrong sign."""
KIND = "mistake"
FAILS = {"test_grad_13": 'sign'}
EDITS = {
    "solution_grad_13": [
        ("delta_out = (y_hat - y) * y_hat * (1.0 - y_hat)",
         "delta_out = (y - y_hat) * y_hat * (1.0 - y_hat)"),
    ],
}
