"""train_232 computes new weights but never stores them: the loss never changes."""
KIND = "mistake"
FAILS = {"test_train_232": "never changes"}
EDITS = {
    "solution_train_232": [
        ("row[j] -= lr * grads[k][i][j]", "new = row[j] - lr * grads[k][i][j]  # computed, never stored"),
        ("params[k][j] -= lr * grads[k][j]", "new = params[k][j] - lr * grads[k][j]"),
    ],
}
