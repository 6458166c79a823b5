"""The loss given to check_grad is the mean squared error, not E."""
KIND = "mistake"
FAILS = {'test_check_grad': 'mean squared error'}
EDITS = {
    "solution_check_grad": [
        ("return 0.5 * np.sum((y_train - y_pred) ** 2)", "return np.mean((y_train - y_pred) ** 2)"),
    ],
}
