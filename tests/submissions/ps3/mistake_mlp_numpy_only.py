"""MLP written in NumPy (weights as arrays, a forward in NumPy), not an nn.Module built from torch layers."""
KIND = "mistake"
FAILS = {'test_mlp': 'done with PyTorch'}

# %% solution_mlp
class MLP:
    """A fully connected network returning logits; activation after every layer but the last."""

    def __init__(self, in_features, hidden_sizes, out_features, activation="relu"):
        sizes = [in_features, *hidden_sizes, out_features]
        rng = np.random.default_rng(0)
        self.weights = [rng.uniform(-1, 1, (a, b)) / np.sqrt(a) for a, b in zip(sizes[:-1], sizes[1:])]
        self.biases = [np.zeros(b) for b in sizes[1:]]
        self.activation = {"relu": lambda z: np.maximum(z, 0), "sigmoid": lambda z: 1 / (1 + np.exp(-z)),
                           "tanh": np.tanh}[activation]

    def __call__(self, x):
        return self.forward(x)

    def forward(self, x):
        a = np.asarray(x, dtype=np.float64)
        for i, (W, b) in enumerate(zip(self.weights, self.biases)):
            a = a @ W + b
            if i < len(self.weights) - 1:
                a = self.activation(a)
        return torch.as_tensor(a, dtype=torch.float32)
