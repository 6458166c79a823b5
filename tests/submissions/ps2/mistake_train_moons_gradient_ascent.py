"""train_moons adds the gradient (gradient ascent)."""
KIND = "mistake"
FAILS = {'test_train_moons': 'ascent'}
EDITS = {
    "solution_train_moons": [
        ("W = W - lr * DW\n"
         "        B = B - lr * DB\n"
         "        V = V - lr * DV",
         "W = W + lr * DW\n"
         "        B = B + lr * DB\n"
         "        V = V + lr * DV"),
    ],
}
