"""σ′ computed as z(1 − z) on the pre-activations instead of on the activations."""
KIND = "mistake"
FAILS = {'test_backprop_13': 'pre-activation'}
EDITS = {
    "solution_backprop_13": [
        ("d_out = (y_pred - y) * y_pred * (1 - y_pred)   # (N, 1): dE/dz of the output unit\n"
         "    d_hid = d_out * w[10:13] * h * (1 - h)         # (N, 3): dE/dz of the hidden units",
         "z_hid = x @ np.stack([w[3:6], w[6:9]]) + w[0:3]\n"
         "    z_out = h @ w[10:13, None] + w[9]\n"
         "    d_out = (y_pred - y) * z_out * (1 - z_out)\n"
         "    d_hid = d_out * w[10:13] * z_hid * (1 - z_hid)"),
    ],
}
