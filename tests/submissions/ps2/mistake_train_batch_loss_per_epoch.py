"""train_mlp keeps one batch_loss value per epoch."""
KIND = "mistake"
FAILS = {'test_train_mlp': 'batch_loss'}
EDITS = {
    "solution_train_mlp": [
        ("for idx in minibatch_indices(len(X_train), batch_size, rng):",
         "losses = []\n"
         "        for idx in minibatch_indices(len(X_train), batch_size, rng):"),
        ('history["batch_loss"].append(cross_entropy(probs, y_train[idx]))',
         "losses.append(cross_entropy(probs, y_train[idx]))"),
        ('for split, X, y in (("train", X_train, y_train), ("val", X_val, y_val)):',
         'history["batch_loss"].append(np.mean(losses))\n'
         '        for split, X, y in (("train", X_train, y_train), ("val", X_val, y_val)):'),
    ],
}
