"""mlp_forward's softmax does not subtract the row maximum."""
KIND = "mistake"
FAILS = {'test_mlp_forward': 'NaN', 'test_mlp_backward': 'fix mlp_forward first'}
E2E = True
EDITS = {"solution_mlp_forward": [("    Z = Z - Z.max(axis=1, keepdims=True)\n", "")]}
