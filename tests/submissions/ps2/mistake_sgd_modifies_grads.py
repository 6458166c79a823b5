"""sgd_step scales grads in place before subtracting them."""
KIND = "mistake"
FAILS = {'test_sgd_step': 'grads'}
EDITS = {
    "solution_sgd_step": [
        ("params[k] -= lr * grads[k]\n"
         "    return params",
         "grads[k] *= lr\n"
         "        params[k] -= grads[k]\n"
         "    return params"),
    ],
}
