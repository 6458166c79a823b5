"""dl_dy builds the one-hot vector of c and uses its values (0s and a 1) as indices."""
KIND = "mistake"
FAILS = {"test_dl_dy": "as indices"}
EDITS = {
    "solution_dl_dy": [
        ("g[c] = -1.0 / y[c]",
         "one_hot = np.eye(len(y))[c].astype(int)\n"
         "    g[one_hot] = -1.0 / y[one_hot]"),
    ],
}
