"""train_moons computes W - lr * DW but never stores it."""
KIND = "mistake"
FAILS = {'test_train_moons': 'errors'}
EDITS = {
    "solution_train_moons": [
        ("W = W - lr * DW\n"
         "        B = B - lr * DB\n"
         "        V = V - lr * DV",
         "W - lr * DW\n"
         "        B - lr * DB\n"
         "        V - lr * DV"),
    ],
}
