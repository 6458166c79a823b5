"""check_grad called with the gradient and the loss swapped: a meaningless number is stored."""
KIND = "mistake"
FAILS = {'test_check_grad': 'check_grad(E_train'}
EDITS = {
    "solution_check_grad": [
        ("check_grad_error = check_grad(E_train, lambda w: backprop_13(x_train, y_train, w), w0)",
         "check_grad_error = check_grad(lambda w: backprop_13(x_train, y_train, w), E_train, w0)"),
    ],
}
