"""train_mlp records accuracies in percent."""
KIND = "mistake"
FAILS = {'test_train_mlp': 'fraction'}
EDITS = {
    "solution_train_mlp": [
        ('history[f"{split}_acc"].append(accuracy(probs, y))',
         'history[f"{split}_acc"].append(100 * accuracy(probs, y))'),
    ],
}
