"""train_232 adds lr · gradient (gradient ascent): the loss grows."""
KIND = "mistake"
FAILS = {"test_train_232": "loss grows"}
EDITS = {
    "solution_train_232": [
        ("row[j] -= lr * grads[k][i][j]", "row[j] += lr * grads[k][i][j]"),
        ("params[k][j] -= lr * grads[k][j]", "params[k][j] += lr * grads[k][j]"),
    ],
}
