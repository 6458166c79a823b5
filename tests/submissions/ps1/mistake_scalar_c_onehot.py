"""backward_scalar computes ∂l/∂o as y − c, treating c as one-hot."""
KIND = "mistake"
FAILS = {"test_backward_scalar": 'one-hot'}
EDITS = {
    "solution_backward_scalar": [
        ("do = [y[k] - (1.0 if k == c else 0.0) for k in range(n_out)]",
         "do = [y[k] - c for k in range(n_out)]"),
    ],
}
