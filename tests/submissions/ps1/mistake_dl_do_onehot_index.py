"""dl_do subtracts 1 at the positions given by the one-hot vector's values, used as indices."""
KIND = "mistake"
FAILS = {"test_dl_do": "as indices"}
EDITS = {
    "solution_dl_do": [
        ("g[c] -= 1.0",
         "one_hot = np.eye(len(g))[c].astype(int)\n"
         "    g[one_hot] -= 1.0"),
    ],
}
