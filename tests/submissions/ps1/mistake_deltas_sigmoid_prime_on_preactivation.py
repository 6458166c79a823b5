"""backprop_deltas uses z(1 − z) on the pre-activations."""
KIND = "mistake"
FAILS = {"test_backprop_deltas": 'pre-activation'}
EDITS = {
    "solution_backprop_deltas": [
        ("delta = (a - y) * a * (1.0 - a)",
         "z = Ws[-1] @ activations[-2] + bs[-1]\n"
         "    delta = (a - y) * z * (1.0 - z)"),
        ("a_prev = activations[l]", "a_prev = Ws[l - 1] @ activations[l - 1] + bs[l - 1]  # z, not a"),
    ],
}
