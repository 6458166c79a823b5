"""mlp_forward applies the hidden activation to the output before softmax."""
KIND = "mistake"
FAILS = {'test_mlp_forward': 'output layer', 'test_mlp_backward': 'fix mlp_forward first', 'test_mlp_vectorized': 'fix mlp_forward first', 'test_train_mlp': 'fix mlp_forward first', 'test_mnist_targets': 'fix mlp_forward first'}
EDITS = {
    "solution_mlp_forward": [
        ('cache["Z"].append(Z)',
         'cache["Z"].append(Z)\n'
         '        A = sigmoid(Z) if activation == "sigmoid" else np.maximum(0.0, Z)'),
        ('            A = sigmoid(Z) if activation == "sigmoid" else np.maximum(0.0, Z)\n', ""),
        ("Z = Z - Z.max(axis=1, keepdims=True)\n"
         "    E = np.exp(Z)",
         "A = A - A.max(axis=1, keepdims=True)\n"
         "    E = np.exp(A)"),
    ],
}
