"""dl_do by the chain rule through only the diagonal of the softmax Jacobian."""
KIND = "mistake"
FAILS = {"test_dl_do": 'diagonal'}
EDITS = {
    "solution_dl_do": [
        ("g[c] -= 1.0\n"
         "    return g",
         "return dl_dy(g, c) * g * (1 - g)"),
    ],
}
