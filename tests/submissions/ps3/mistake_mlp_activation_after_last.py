"""The activation is applied after the output layer too."""
KIND = "mistake"
FAILS = {'test_mlp': 'output layer'}

# %% solution_mlp
class MLP(nn.Module):
    """A fully connected network returning logits; activation after every layer but the last."""

    def __init__(self, in_features, hidden_sizes, out_features, activation="relu"):
        super().__init__()
        activations = {"relu": nn.ReLU, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh}
        sizes = [in_features, *hidden_sizes, out_features]
        layers = []
        for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
            layers.append(nn.Linear(n_in, n_out))
            layers.append(activations[activation]())
        self.net = nn.Sequential(*layers)

    def forward(self, x):
        """x: (N, in_features) -> logits (N, out_features)."""
        return self.net(x)
