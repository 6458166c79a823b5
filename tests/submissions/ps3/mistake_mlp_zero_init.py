"""All weights and biases initialised to zero: the hidden units never differ."""
KIND = "mistake"
FAILS = {'test_mlp': 'accuracy'}
EDITS = {
    "solution_mlp": [
        ("self.net = nn.Sequential(*layers)",
         "self.net = nn.Sequential(*layers)\n"
         "        for p in self.net.parameters():\n"
         "            nn.init.zeros_(p)"),
    ],
}
