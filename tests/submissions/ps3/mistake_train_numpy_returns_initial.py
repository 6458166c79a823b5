"""Returns the starting weights (the updated copy is discarded)."""
KIND = "mistake"
FAILS = {'test_train_numpy': 'initial'}
EDITS = {
    "solution_train_numpy": [
        ("w = np.array(w, dtype=np.float64)  # a copy",
         "w_start = w\n"
         "    w = np.array(w, dtype=np.float64)  # a copy"),
        ("return w, train_losses, test_losses", "return w_start, train_losses, test_losses"),
    ],
}
