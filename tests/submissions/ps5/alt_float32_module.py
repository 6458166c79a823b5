"""fit_alternating as most students write it: a float32 nn.Sequential (PyTorch's default dtype) trained with BCEWithLogitsLoss and Adam for a fixed number of steps, no early stop (large, steep logits); the other answers as lists."""
KIND = "alternative"

# %% solution_fit_alternating
def fit_alternating(N, seed):
    """Train a network on alternating_points(N) by gradient descent; return it as a torch.nn.Module.

    The module maps x of shape (M, 1), float32, to logits of shape (M, 1).
    """
    torch.manual_seed(seed)
    X, y = alternating_points(N)
    x = torch.from_numpy(X).float()
    t = torch.from_numpy(y).float().unsqueeze(1)

    class Net(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.layers = torch.nn.Sequential(
                torch.nn.Linear(1, 64), torch.nn.Tanh(),
                torch.nn.Linear(64, 64), torch.nn.Tanh(),
                torch.nn.Linear(64, 1),
            )

        def forward(self, inputs):
            return self.layers(inputs * 2**N - 2 ** (N - 1))

    net = Net()
    loss_fn = torch.nn.BCEWithLogitsLoss()
    optimizer = torch.optim.Adam(net.parameters(), lr=0.01)
    for _ in range(1500):
        optimizer.zero_grad()
        loss = loss_fn(net(x), t)
        loss.backward()
        optimizer.step()
    return net

# %% solution_bug_location
bug_location = {"impl1": ["b2"], "impl2": ["b1", "W1"], "impl3": ["W2"]}
