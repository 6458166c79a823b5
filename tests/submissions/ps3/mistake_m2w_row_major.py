"""The first layer's weight flattened row by row (w4, w7, w5, ...): read transposed."""
KIND = "mistake"
FAILS = {'test_model_to_weights': 'transposed'}
EDITS = {
    "solution_model_to_weights": [
        ("parts = [first.bias, first.weight[:, 0], first.weight[:, 1], second.bias, second.weight[0]]",
         "parts = [first.bias, first.weight.reshape(-1), second.bias, second.weight[0]]"),
    ],
}
