"""mlp_forward always uses the sigmoid in hidden layers."""
KIND = "mistake"
FAILS = {'test_mlp_forward': 'activation', 'test_mlp_backward': 'fix mlp_forward first', 'test_mlp_vectorized': 'fix mlp_forward first', 'test_train_mlp': 'fix mlp_forward first', 'test_mnist_targets': 'fix mlp_forward first'}
EDITS = {
    "solution_mlp_forward": [
        ('A = sigmoid(Z) if activation == "sigmoid" else np.maximum(0.0, Z)', "A = sigmoid(Z)"),
    ],
}
