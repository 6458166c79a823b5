"""The ReLU backward is masked where the output scores are positive, not the hidden pre-activations."""
KIND = "mistake"
FAILS = {
    'test_loss': 'masked by the output scores',
    'test_learns': 'fix loss first',
    'test_best_config': 'fix loss first',
}
EDITS = {
    "solution_two_layer_net": [
        ("dz = (dscores @ W2.T) * (z > 0)",
         "dz = dscores @ W2.T\n"
         "        dz[scores <= 0] = 0"),
    ],
}
