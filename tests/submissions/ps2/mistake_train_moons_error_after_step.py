"""train_moons records E after the step instead of before."""
KIND = "mistake"
FAILS = {'test_train_moons': 'before step'}
EDITS = {
    "solution_train_moons": [
        ("        errors.append(moons_error(forward(X, W, B, V), T))\n", ""),
        ("return W, B, V, errors",
         "    errors.append(moons_error(forward(X, W, B, V), T))\n"
         "    return W, B, V, errors"),
    ],
}
