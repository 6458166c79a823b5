"""Losses recorded after each update instead of before."""
KIND = "mistake"
FAILS = {'test_train_numpy': 'before'}
EDITS = {
    "solution_train_numpy": [
        ("train_losses.append(0.5 * np.sum((y_train - forward_pass(x_train, w)[1]) ** 2))",
         "w -= lr * backprop_13(x_train, y_train, w)\n"
         "        train_losses.append(0.5 * np.sum((y_train - forward_pass(x_train, w)[1]) ** 2))"),
        ("test_losses.append(0.5 * np.sum((y_test - forward_pass(x_test, w)[1]) ** 2))\n"
         "        w -= lr * backprop_13(x_train, y_train, w)",
         "test_losses.append(0.5 * np.sum((y_test - forward_pass(x_test, w)[1]) ** 2))"),
    ],
}
