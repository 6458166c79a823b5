"""sgd_step subtracts the raw gradient, without lr."""
KIND = "mistake"
FAILS = {'test_sgd_step': 'learning rate', 'test_train_mlp': 'fix sgd_step first'}
EDITS = {
    "solution_sgd_step": [
        ("params[k] -= lr * grads[k]\n"
         "    return params",
         "params[k] -= grads[k]\n"
         "    return params"),
    ],
}
