"""dl_dy overwrites the caller's y (np.asarray does not copy)."""
KIND = "mistake"
FAILS = {"test_dl_dy": 'modified'}
EDITS = {
    "solution_dl_dy": [
        ("g = np.zeros_like(y)\n"
         "    g[c] = -1.0 / y[c]",
         "y_c = y[c]\n"
         "    g = y\n"
         "    g[:] = 0.0\n"
         "    g[c] = -1.0 / y_c"),
    ],
}
