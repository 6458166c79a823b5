"""loss_history records the loss after the update (a fresh forward pass), not the minibatch loss of the step."""
KIND = "mistake"
FAILS = {
    "test_train": "loss_history",
}
EDITS = {
    "solution_two_layer_net": [
        ("            loss_history.append(loss)\n", ""),
        ("self.params[name] -= learning_rate * grads[name]",
         "self.params[name] -= learning_rate * grads[name]\n"
         "            loss_history.append(self.loss(X_batch, y=y_batch, reg=reg)[0])"),
    ],
}
