"""results holds (val_acc, train_acc) instead of (train_acc, val_acc)."""
KIND = "mistake"
FAILS = {
    'test_search': '(train_acc, val_acc)',
}
EDITS = {
    "solution_search": [
        ("results[(lr, reg, batch_size, hidden_size)] = (train_acc, val_acc)",
         "results[(lr, reg, batch_size, hidden_size)] = (val_acc, train_acc)"),
    ],
}
