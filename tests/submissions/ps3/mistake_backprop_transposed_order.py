"""The input-weight gradients read from δᵀx (3, 2) row by row: w4-w9 come out per hidden unit (W where Wᵀ belongs)."""
KIND = "mistake"
FAILS = {'test_backprop_13': 'transposed order'}
EDITS = {
    "solution_backprop_13": [
        ("grad[3:6] = x[:, 0] @ d_hid\n"
         "    grad[6:9] = x[:, 1] @ d_hid",
         "grad[3:9] = (d_hid.T @ x).ravel()   # (3, 2): one row per hidden unit"),
    ],
}
