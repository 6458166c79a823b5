"""Minibatches sampled WITH replacement as CS231n does (RandomState(seed).choice(num_train, batch_size)), CS231n's decay at it % epoch == 0, accuracies as NumPy floats."""
KIND = "alternative"
FAILS = {}
EDITS = {
    "solution_two_layer_net": [
        ("rng = np.random.default_rng(seed)\n"
         "        num_train = X.shape[0]",
         "state = np.random.RandomState(seed)  # CS231n's np.random.choice, from a seeded generator\n"
         "        num_train = X.shape[0]"),
        ("idx = rng.choice(num_train, batch_size, replace=True)\n"
         "            X_batch, y_batch = X[idx], y[idx]",
         "batch_indices = state.choice(num_train, batch_size)  # with replacement, as CS231n samples\n"
         "            X_batch, y_batch = X[batch_indices], y[batch_indices]"),
        ("if (it + 1) % iterations_per_epoch == 0:\n"
         "                train_acc_history.append(float(np.mean(self.predict(X_batch) == y_batch)))\n"
         "                val_acc_history.append(float(np.mean(self.predict(X_val) == y_val)))",
         "if it % iterations_per_epoch == 0:\n"
         "                train_acc_history.append((self.predict(X_batch) == y_batch).mean())\n"
         "                val_acc_history.append((self.predict(X_val) == y_val).mean())"),
    ],
}
