"""train_232 updates the weights W1, W2 but forgets the biases b1, b2."""
KIND = "mistake"
FAILS = {"test_train_232": "biases"}
EDITS = {
    "solution_train_232": [
        ('            for k in ("b1", "b2"):\n'
         "                for j in range(len(params[k])):\n"
         "                    params[k][j] -= lr * grads[k][j]\n",
         ""),
    ],
}
