"""val_acc_history is measured on the training minibatch, not on X_val."""
KIND = "mistake"
FAILS = {
    "test_train": "X_val",
}
EDITS = {
    "solution_two_layer_net": [
        ("val_acc_history.append(float(np.mean(self.predict(X_val) == y_val)))",
         "val_acc_history.append(float(np.mean(self.predict(X_batch) == y_batch)))"),
    ],
}
