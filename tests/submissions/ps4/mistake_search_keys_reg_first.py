"""results is keyed by (reg, learning_rate, batch_size, hidden_size)."""
KIND = "mistake"
FAILS = {
    'test_search': 'in that order',
}
EDITS = {
    "solution_search": [
        ("results[(lr, reg, batch_size, hidden_size)] = (train_acc, val_acc)",
         "results[(reg, lr, batch_size, hidden_size)] = (train_acc, val_acc)"),
    ],
}
