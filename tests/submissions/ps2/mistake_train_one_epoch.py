"""train_mlp ignores epochs and trains a single epoch."""
KIND = "mistake"
FAILS = {'test_train_mlp': 'one value per epoch', 'test_mnist_targets': 'fewer SGD steps than its epochs'}
EDITS = {"solution_train_mlp": [("for _ in range(epochs):", "for _ in range(1):")]}
