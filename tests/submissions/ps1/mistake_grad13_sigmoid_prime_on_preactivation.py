"""grad_13 uses s(1 − s) and a(1 − a) on the pre-activations."""
KIND = "mistake"
FAILS = {"test_grad_13": 'pre-activation'}
EDITS = {
    "solution_grad_13": [
        ("delta_out = (y_hat - y) * y_hat * (1.0 - y_hat)",
         "s = w[9] + h @ w[10:]\n"
         "    delta_out = (y_hat - y) * s * (1.0 - s)"),
        ("delta_h = delta_out * w[10:] * h * (1.0 - h)",
         "delta_h = delta_out * w[10:] * (inputs @ V) * (1.0 - inputs @ V)"),
    ],
}
