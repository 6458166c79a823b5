"""grad_13 reads w1–w3 as the weights into h1 (bias, x1, x2), i.e. grouped by hidden unit."""
KIND = "mistake"
FAILS = {"test_grad_13": 'order'}
EDITS = {
    "solution_grad_13": [
        ("V = w[:9].reshape(3, 3)", "V = w[:9].reshape(3, 3).T"),
        ("np.outer(inputs, delta_h)", "np.outer(delta_h, inputs)"),
    ],
}
