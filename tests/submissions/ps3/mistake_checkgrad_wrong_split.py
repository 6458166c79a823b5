"""check_grad passed the loss of the test split and the gradient of the training split."""
KIND = "mistake"
FAILS = {'test_check_grad': 'test split'}
E2E = True
EDITS = {
    "solution_check_grad": [
        ("_, y_pred = forward_pass(x_train, w)\n"
         "    return 0.5 * np.sum((y_train - y_pred) ** 2)",
         "_, y_pred = forward_pass(x_test, w)\n"
         "    return 0.5 * np.sum((y_test - y_pred) ** 2)"),
    ],
}
