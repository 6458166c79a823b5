"""train_232 uses a hard-coded step size of 0.1 instead of its lr argument."""
KIND = "mistake"
FAILS = {"test_train_232": "lr argument"}
EDITS = {
    "solution_train_232": [
        ("row[j] -= lr * grads[k][i][j]", "row[j] -= 0.1 * grads[k][i][j]"),
        ("params[k][j] -= lr * grads[k][j]", "params[k][j] -= 0.1 * grads[k][j]"),
    ],
}
