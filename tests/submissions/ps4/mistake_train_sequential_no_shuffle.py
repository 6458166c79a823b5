"""Minibatches are consecutive slices of the unshuffled data."""
KIND = "mistake"
FAILS = {
    "test_train": "same minibatch",
}
EDITS = {
    "solution_two_layer_net": [
        ("X_batch, y_batch = X[idx], y[idx]",
         "start = (it * batch_size) % num_train\n"
         "            X_batch, y_batch = X[start:start + batch_size], y[start:start + batch_size]"),
    ],
}
