"""check_grad_error typed in: a plausible small number instead of the value check_grad returns."""
KIND = "mistake"
FAILS = {'test_check_grad': 'typed in'}
EDITS = {
    "solution_check_grad": [
        ("check_grad_error = check_grad(E_train, lambda w: backprop_13(x_train, y_train, w), w0)",
         "check_grad_error = 3.2e-07  # what check_grad printed once"),
    ],
}
