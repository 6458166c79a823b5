"""The bias path forgotten: the gradients of w1-w3 and w10 left at zero."""
KIND = "mistake"
FAILS = {'test_backprop_13': 'bias'}
EDITS = {
    "solution_backprop_13": [
        ("grad = np.empty(13)\n"
         "    grad[0:3] = d_hid.sum(axis=0)                  # bias input 1",
         "grad = np.zeros(13)"),
        ("    grad[9] = d_out.sum()\n", ""),
    ],
}
