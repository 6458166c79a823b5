"""backward_scalar chains through only the diagonal of the softmax Jacobian."""
KIND = "mistake"
FAILS = {"test_backward_scalar": 'diagonal'}
EDITS = {
    "solution_backward_scalar": [
        ("do = [y[k] - (1.0 if k == c else 0.0) for k in range(n_out)]",
         "do = [-(1.0 - y[k]) if k == c else 0.0 for k in range(n_out)]"),
    ],
}
