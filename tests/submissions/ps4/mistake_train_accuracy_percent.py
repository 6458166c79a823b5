"""The accuracy histories are in percent."""
KIND = "mistake"
FAILS = {
    "test_train": "fractions",
}
EDITS = {
    "solution_two_layer_net": [
        ("train_acc_history.append(float(np.mean(self.predict(X_batch) == y_batch)))\n"
         "                val_acc_history.append(float(np.mean(self.predict(X_val) == y_val)))",
         "train_acc_history.append(100 * float(np.mean(self.predict(X_batch) == y_batch)))\n"
         "                val_acc_history.append(100 * float(np.mean(self.predict(X_val) == y_val)))"),
    ],
}
