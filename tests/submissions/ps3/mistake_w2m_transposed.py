"""The first layer's weight filled by reshaping w4-w9 to (3, 2): copied transposed."""
KIND = "mistake"
FAILS = {'test_weights_to_model': 'transposed'}
EDITS = {
    "solution_weights_to_model": [
        ("first.weight.copy_(torch.stack([w[3:6], w[6:9]], dim=1))  # weight[j, i]: from x_(i+1) into h_(j+1)",
         "first.weight.copy_(w[3:9].reshape(3, 2))  # weight[j, i]: from x_(i+1) into h_(j+1)"),
    ],
}
