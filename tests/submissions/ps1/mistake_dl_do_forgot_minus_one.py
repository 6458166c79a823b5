"""dl_do returns y: the −1 at the target class forgotten."""
KIND = "mistake"
FAILS = {"test_dl_do": 'target class'}
EDITS = {"solution_dl_do": [("    g[c] -= 1.0\n", "")]}
