"""dl_do returns ∂l/∂y instead of ∂l/∂o."""
KIND = "mistake"
FAILS = {"test_dl_do": '∂l/∂y'}
EDITS = {
    "solution_dl_do": [
        ("g = np.array(y, dtype=np.float64)\n"
         "    g[c] -= 1.0",
         "g = np.zeros(len(y))\n"
         "    g[c] = -1.0 / y[c]"),
    ],
}
