"""The activation argument is ignored: always ReLU."""
KIND = "mistake"
FAILS = {'test_mlp': 'activation'}
EDITS = {"solution_mlp": [("layers.append(activations[activation]())", "layers.append(nn.ReLU())")]}
