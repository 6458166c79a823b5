"""Layers kept in a plain Python list: PyTorch does not register them."""
KIND = "mistake"
FAILS = {'test_mlp': 'registered'}
EDITS = {
    "solution_mlp": [
        ("self.net = nn.Sequential(*layers)", "self.layers = layers"),
        ("return self.net(x)",
         "for layer in self.layers:\n"
         "            x = layer(x)\n"
         "        return x"),
    ],
}
