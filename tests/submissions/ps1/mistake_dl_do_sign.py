"""dl_do = e_c − y: the wrong sign."""
KIND = "mistake"
FAILS = {"test_dl_do": 'sign'}
EDITS = {
    "solution_dl_do": [
        ("g[c] -= 1.0",
         "g = -g\n"
         "    g[c] += 1.0"),
    ],
}
