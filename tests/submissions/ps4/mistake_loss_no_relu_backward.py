"""The backward pass skips the ReLU: the hidden gradient is never masked."""
KIND = "mistake"
FAILS = {
    "test_loss": "ReLU backward",
}
EDITS = {"solution_two_layer_net": [("dz = (dscores @ W2.T) * (z > 0)", "dz = dscores @ W2.T")]}
