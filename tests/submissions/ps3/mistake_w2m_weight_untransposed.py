"""The first layer's weight copied as the (2, 3) matrix of the NumPy forward pass: the shapes do not match (3, 2)."""
KIND = "mistake"
FAILS = {'test_weights_to_model': 'wrong orientation'}
EDITS = {
    "solution_weights_to_model": [
        ("first.weight.copy_(torch.stack([w[3:6], w[6:9]], dim=1))",
         "first.weight.copy_(torch.stack([w[3:6], w[6:9]]))"),
    ],
}
