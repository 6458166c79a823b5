"""mlp_backward subtracts the one-hot labels from the cached probs in place."""
KIND = "mistake"
FAILS = {'test_mlp_backward': 'modified'}
EDITS = {"solution_mlp_backward": [('delta = cache["probs"].copy()', 'delta = cache["probs"]')]}
