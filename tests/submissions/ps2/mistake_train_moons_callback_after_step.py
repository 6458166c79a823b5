"""train_moons calls the callback after the step."""
KIND = "mistake"
FAILS = {'test_train_moons': 'callback'}
EDITS = {
    "solution_train_moons": [
        ("        if callback is not None:\n"
         "            callback(i, W, B, V)\n",
         ""),
        ("return W, B, V, errors",
         "    if callback is not None:\n"
         "            callback(i, W, B, V)\n"
         "    return W, B, V, errors"),
    ],
}
