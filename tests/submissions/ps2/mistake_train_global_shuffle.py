"""train_mlp shuffles with np.random.permutation, not rng."""
KIND = "mistake"
FAILS = {'test_train_mlp': 'rng'}
EDITS = {
    "solution_train_mlp": [
        ("for idx in minibatch_indices(len(X_train), batch_size, rng):",
         "perm = np.random.permutation(len(X_train))\n"
         "        for idx in perm[: len(perm) // batch_size * batch_size].reshape(-1, batch_size):"),
    ],
}
