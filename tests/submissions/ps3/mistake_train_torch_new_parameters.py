"""Each layer's weight replaced by a new nn.Parameter instead of an in-place update."""
KIND = "mistake"
FAILS = {'test_train_torch': 'replaced'}
EDITS = {
    "solution_train_torch": [
        ("for p in model.parameters():\n"
         "                p -= lr * p.grad",
         "for layer in (model[0], model[2]):\n"
         "                layer.weight = nn.Parameter(layer.weight - lr * layer.weight.grad)\n"
         "                layer.bias = nn.Parameter(layer.bias - lr * layer.bias.grad)"),
    ],
}
