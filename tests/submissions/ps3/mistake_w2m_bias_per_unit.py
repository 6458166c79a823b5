"""Weights grouped per hidden unit: biases mapped to the wrong units."""
KIND = "mistake"
FAILS = {'test_weights_to_model': 'biases'}
EDITS = {
    "solution_weights_to_model": [
        ("first.bias.copy_(w[0:3])\n"
         "        first.weight.copy_(torch.stack([w[3:6], w[6:9]], dim=1))  # weight[j, i]: from x_(i+1) into h_(j+1)",
         "first.bias.copy_(w[[0, 3, 6]])\n"
         "        first.weight.copy_(w[[1, 2, 4, 5, 7, 8]].reshape(3, 2))  # weight[j, i]: from x_(i+1) into h_(j+1)"),
    ],
}
