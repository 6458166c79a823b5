"""train_moons calls callback(W, B, V) without i."""
KIND = "mistake"
FAILS = {'test_train_moons': 'callback'}
EDITS = {
    "solution_train_moons": [
        ("callback(i, W, B, V)\n"
         "        errors.append(moons_error(forward(X, W, B, V), T))",
         "callback(W, B, V)\n"
         "        errors.append(moons_error(forward(X, W, B, V), T))"),
    ],
}
