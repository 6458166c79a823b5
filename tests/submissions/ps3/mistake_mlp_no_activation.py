"""No activation between the layers: a linear model."""
KIND = "mistake"
FAILS = {'test_mlp': 'missing'}
EDITS = {
    "solution_mlp": [
        ("            if i < len(sizes) - 2:\n"
         "                layers.append(activations[activation]())\n",
         ""),
    ],
}
