"""The recorded losses lack the ½."""
KIND = "mistake"
FAILS = {'test_train_numpy': 'twice'}
EDITS = {
    "solution_train_numpy": [
        ("train_losses.append(0.5 * np.sum((y_train - forward_pass(x_train, w)[1]) ** 2))\n"
         "        test_losses.append(0.5 * np.sum((y_test - forward_pass(x_test, w)[1]) ** 2))",
         "train_losses.append(np.sum((y_train - forward_pass(x_train, w)[1]) ** 2))\n"
         "        test_losses.append(np.sum((y_test - forward_pass(x_test, w)[1]) ** 2))"),
    ],
}
