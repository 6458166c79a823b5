"""The activation is applied after the output layer too."""
KIND = "mistake"
FAILS = {'test_mlp': 'output layer'}
EDITS = {
    "solution_mlp": [
        ("if i < len(sizes) - 2:\n"
         "                layers.append(activations[activation]())",
         "layers.append(activations[activation]())"),
    ],
}
