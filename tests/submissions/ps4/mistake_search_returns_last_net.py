"""search returns the last net trained and its accuracy, not the best."""
KIND = "mistake"
FAILS = {
    "test_search": "highest validation accuracy",
}
EDITS = {
    "solution_search": [
        ("if val_acc > best_val:\n"
         "            best_net, best_val = net, val_acc",
         "best_net, best_val = net, val_acc"),
    ],
}
