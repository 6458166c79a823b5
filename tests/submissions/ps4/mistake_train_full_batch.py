"""Every iteration steps on the whole training set instead of a minibatch."""
KIND = "mistake"
FAILS = {
    "test_train": "whole training set",
}
EDITS = {"solution_two_layer_net": [("X_batch, y_batch = X[idx], y[idx]", "X_batch, y_batch = X, y")]}
