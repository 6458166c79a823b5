"""mlp_forward forgets the biases."""
KIND = "mistake"
FAILS = {'test_mlp_forward': 'probs', 'test_mlp_backward': 'fix mlp_forward first', 'test_mlp_vectorized': 'fix mlp_forward first', 'test_train_mlp': 'fix mlp_forward first'}
EDITS = {"solution_mlp_forward": [('Z = A @ params[f"W{l}"] + params[f"b{l}"]', 'Z = A @ params[f"W{l}"]')]}
