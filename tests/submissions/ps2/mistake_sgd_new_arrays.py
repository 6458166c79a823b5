"""sgd_step rebinds params[k] = params[k] - lr * grads[k] (new arrays)."""
KIND = "mistake"
FAILS = {'test_sgd_step': 'in place'}
EDITS = {
    "solution_sgd_step": [
        ("params[k] -= lr * grads[k]\n"
         "    return params",
         "params[k] = params[k] - lr * grads[k]\n"
         "    return params"),
    ],
}
