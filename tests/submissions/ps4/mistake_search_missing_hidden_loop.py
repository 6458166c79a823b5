"""search loops over three of the four lists and always uses the first hidden size."""
KIND = "mistake"
FAILS = {
    "test_search": "every combination",
}
EDITS = {
    "solution_search": [
        ("for lr, reg, batch_size, hidden_size in itertools.product(\n"
         '            grid["learning_rate"], grid["reg"], grid["batch_size"], grid["hidden_size"]):',
         'hidden_size = grid["hidden_size"][0]\n'
         '    for lr, reg, batch_size in itertools.product(grid["learning_rate"], grid["reg"], grid["batch_size"]):'),
    ],
}
