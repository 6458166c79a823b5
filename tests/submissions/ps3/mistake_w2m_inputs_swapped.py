"""The columns of the first layer's weight swapped: w4-w6 multiply x2."""
KIND = "mistake"
FAILS = {'test_weights_to_model': 'swapped'}
EDITS = {
    "solution_weights_to_model": [
        ("first.weight.copy_(torch.stack([w[3:6], w[6:9]], dim=1))  # weight[j, i]: from x_(i+1) into h_(j+1)",
         "first.weight.copy_(torch.stack([w[6:9], w[3:6]], dim=1))  # weight[j, i]: from x_(i+1) into h_(j+1)"),
    ],
}
