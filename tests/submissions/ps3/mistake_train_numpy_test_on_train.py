"""test_losses computed on the training set."""
KIND = "mistake"
FAILS = {'test_train_numpy': 'training losses'}
EDITS = {
    "solution_train_numpy": [
        ("test_losses.append(0.5 * np.sum((y_test - forward_pass(x_test, w)[1]) ** 2))",
         "test_losses.append(0.5 * np.sum((y_train - forward_pass(x_train, w)[1]) ** 2))"),
    ],
}
