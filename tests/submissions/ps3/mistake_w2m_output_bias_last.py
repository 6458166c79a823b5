"""The output bias taken from w13 and the output weights from w10-w12."""
KIND = "mistake"
FAILS = {'test_weights_to_model': 'output bias'}
EDITS = {
    "solution_weights_to_model": [
        ("second.bias.copy_(w[9:10])\n"
         "        second.weight.copy_(w[10:13].reshape(1, 3))",
         "second.bias.copy_(w[12:13])\n"
         "        second.weight.copy_(w[9:12].reshape(1, 3))"),
    ],
}
