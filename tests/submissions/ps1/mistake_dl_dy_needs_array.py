"""dl_dy uses y.shape, so it fails when y is a list."""
KIND = "mistake"
FAILS = {"test_dl_dy": 'list'}
EDITS = {
    "solution_dl_dy": [
        ("y = np.asarray(y, dtype=np.float64)\n"
         "    g = np.zeros_like(y)",
         "g = np.zeros(y.shape)"),
    ],
}
