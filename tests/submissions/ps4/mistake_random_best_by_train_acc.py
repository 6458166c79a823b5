"""random_search keeps the net with the best training accuracy."""
KIND = "mistake"
FAILS = {
    "test_random_search": "highest validation accuracy",
}
EDITS = {
    "solution_random_search": [
        ("results, best_net, best_val = {}, None, -1.0",
         "results, best_net, best_val = {}, None, -1.0\n"
         "    best_train = -1.0"),
        ("if val_acc > best_val:\n"
         "            best_net, best_val = net, val_acc",
         "train_acc = list(trial.values())[0][0]\n"
         "        if train_acc > best_train:\n"
         "            best_train, best_net, best_val = train_acc, net, val_acc"),
    ],
}
