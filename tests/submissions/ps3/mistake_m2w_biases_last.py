"""Reads each layer's weights before its bias (biases taken as w7-w9 and w13)."""
KIND = "mistake"
FAILS = {'test_model_to_weights': 'biases'}
EDITS = {
    "solution_model_to_weights": [
        ("parts = [first.bias, first.weight[:, 0], first.weight[:, 1], second.bias, second.weight[0]]",
         "parts = [first.weight[:, 0], first.weight[:, 1], first.bias, second.weight[0], second.bias]"),
    ],
}
