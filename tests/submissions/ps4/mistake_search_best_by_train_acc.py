"""search keeps the net with the best training accuracy."""
KIND = "mistake"
FAILS = {
    "test_search": "highest validation accuracy",
}
E2E = True
EDITS = {
    "solution_search": [
        ("for lr, reg, batch_size, hidden_size in itertools.product(",
         "best_train = -1.0\n"
         "    for lr, reg, batch_size, hidden_size in itertools.product("),
        ("if val_acc > best_val:\n"
         "            best_net, best_val = net, val_acc",
         "if train_acc > best_train:\n"
         "            best_train, best_net, best_val = train_acc, net, val_acc"),
    ],
}
