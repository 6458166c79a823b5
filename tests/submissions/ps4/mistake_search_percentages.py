"""results holds accuracies in percent."""
KIND = "mistake"
FAILS = {
    'test_search': 'fractions',
}
EDITS = {
    "solution_search": [
        ("results[(lr, reg, batch_size, hidden_size)] = (train_acc, val_acc)",
         "results[(lr, reg, batch_size, hidden_size)] = (100 * train_acc, 100 * val_acc)"),
    ],
}
