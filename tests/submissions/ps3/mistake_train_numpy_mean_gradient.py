"""The update uses the gradient divided by N."""
KIND = "mistake"
FAILS = {'test_train_numpy': 'mean gradient'}
EDITS = {
    "solution_train_numpy": [
        ("w -= lr * backprop_13(x_train, y_train, w)",
         "w -= lr * backprop_13(x_train, y_train, w) / len(x_train)"),
    ],
}
