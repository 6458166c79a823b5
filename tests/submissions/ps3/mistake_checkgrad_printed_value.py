"""check_grad_error copied from the printed line (three significant digits) instead of the value itself."""
KIND = "mistake"
FAILS = {'test_check_grad': 'typed in'}
EDITS = {
    "solution_check_grad": [
        ("check_grad_error = check_grad(E_train, lambda w: backprop_13(x_train, y_train, w), w0)",
         'check_grad_error = float(f"{check_grad(E_train, lambda w: backprop_13(x_train, y_train, w), w0):.2e}")'),
    ],
}
