"""sgd_step adds the gradient."""
KIND = "mistake"
FAILS = {'test_sgd_step': 'ascent', 'test_train_mlp': 'fix sgd_step first', 'test_mnist_targets': 'fix sgd_step first'}
EDITS = {
    "solution_sgd_step": [
        ("params[k] -= lr * grads[k]\n"
         "    return params",
         "params[k] += lr * grads[k]\n"
         "    return params"),
    ],
}
