"""train_mlp builds an iterator of minibatches once, before the epochs: it is used up in the first epoch,
so the later epochs only evaluate (a silent one-epoch training)."""
KIND = "mistake"
FAILS = {"test_train_mlp": "batch_loss", "test_mnist_targets": "fewer SGD steps than its epochs"}
EDITS = {"solution_train_mlp": [(
    "    for _ in range(epochs):\n        for idx in minibatch_indices(len(X_train), batch_size, rng):\n",
    "    batches = iter(minibatch_indices(len(X_train), batch_size, rng))\n"
    "    for _ in range(epochs):\n        for idx in batches:\n")]}
