"""The loss given to check_grad lacks the ½."""
KIND = "mistake"
FAILS = {'test_check_grad': '½'}
EDITS = {
    "solution_check_grad": [
        ("return 0.5 * np.sum((y_train - y_pred) ** 2)", "return np.sum((y_train - y_pred) ** 2)"),
    ],
}
