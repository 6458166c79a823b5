"""The input-weight gradients computed as x @ δ instead of xᵀ δ: a matmul error for most batch sizes."""
KIND = "mistake"
FAILS = {'test_backprop_13': 'Wᵀ', 'test_check_grad': 'fix backprop_13 first'}
EDITS = {
    "solution_backprop_13": [
        ("grad[3:6] = x[:, 0] @ d_hid\n"
         "    grad[6:9] = x[:, 1] @ d_hid",
         "grad[3:9] = (x @ d_hid).ravel()"),
    ],
}
