"""mlp_forward normalises the softmax over the batch axis."""
KIND = "mistake"
FAILS = {'test_mlp_forward': 'axis 0', 'test_mlp_backward': 'fix mlp_forward first', 'test_mlp_vectorized': 'fix mlp_forward first', 'test_train_mlp': 'fix mlp_forward first', 'test_mnist_targets': 'fix mlp_forward first'}
EDITS = {
    "solution_mlp_forward": [
        ("Z = Z - Z.max(axis=1, keepdims=True)", "Z = Z - Z.max(axis=0, keepdims=True)"),
        ("probs = E / E.sum(axis=1, keepdims=True)", "probs = E / E.sum(axis=0, keepdims=True)"),
    ],
}
