"""The validation accuracy is measured on the training data."""
KIND = "mistake"
FAILS = {
    'test_search': 'best_val',
}
EDITS = {
    "solution_search": [
        ("val_acc = float(np.mean(net.predict(X_val) == y_val))",
         "val_acc = float(np.mean(net.predict(X_train) == y_train))"),
    ],
}
