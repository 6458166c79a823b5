"""train never passes reg to the loss."""
KIND = "mistake"
FAILS = {
    "test_train": "reg",
}
EDITS = {
    "solution_two_layer_net": [
        ("loss, grads = self.loss(X_batch, y=y_batch, reg=reg)",
         "loss, grads = self.loss(X_batch, y=y_batch)"),
    ],
}
