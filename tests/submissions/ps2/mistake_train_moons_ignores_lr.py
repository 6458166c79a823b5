"""train_moons uses a fixed step of 0.1 whatever lr is."""
KIND = "mistake"
FAILS = {'test_train_moons': 'lr'}
EDITS = {
    "solution_train_moons": [
        ("W = W - lr * DW\n"
         "        B = B - lr * DB\n"
         "        V = V - lr * DV",
         "W = W - 0.1 * DW\n"
         "        B = B - 0.1 * DB\n"
         "        V = V - 0.1 * DV"),
    ],
}
