"""grad_13 gives the bias weights w1–w3 and w10 gradient 0 ('a constant input has no gradient')."""
KIND = "mistake"
FAILS = {"test_grad_13": 'bias'}
EDITS = {
    "solution_grad_13": [
        ("return np.concatenate((np.outer(inputs, delta_h).ravel(), delta_out * np.concatenate(([1.0], h))))",
         "g = np.concatenate((np.outer(inputs, delta_h).ravel(), delta_out * np.concatenate(([1.0], h))))\n"
         "    g[[0, 1, 2, 9]] = 0.0\n"
         "    return g"),
    ],
}
