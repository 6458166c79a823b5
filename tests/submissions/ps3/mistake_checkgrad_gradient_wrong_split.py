"""check_grad passed the gradient on the test split against the training loss."""
KIND = "mistake"
FAILS = {'test_check_grad': 'test split'}
EDITS = {
    "solution_check_grad": [
        ("check_grad_error = check_grad(E_train, lambda w: backprop_13(x_train, y_train, w), w0)",
         "check_grad_error = check_grad(E_train, lambda w: backprop_13(x_test, y_test, w), w0)"),
    ],
}
