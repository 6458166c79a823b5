"""backward_scalar uses z1(1 − z1) as the sigmoid derivative."""
KIND = "mistake"
FAILS = {"test_backward_scalar": 'pre-activation'}
EDITS = {
    "solution_backward_scalar": [
        ("dz1 = [dh[j] * h[j] * (1.0 - h[j]) for j in range(n_hid)]",
         "dz1 = [dh[j] * z1[j] * (1.0 - z1[j]) for j in range(n_hid)]"),
    ],
}
