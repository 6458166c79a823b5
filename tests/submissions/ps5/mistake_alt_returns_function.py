"""Returns a plain Python function around the trained net instead of the module."""
KIND = "mistake"
FAILS = {
    'test_fit_alternating_n3': 'torch.nn.Module',
    'test_fit_alternating_n4': 'torch.nn.Module',
}

# %% solution_fit_alternating
def fit_alternating(N, seed):
    """Train a network on alternating_points(N) by gradient descent; return it as a torch.nn.Module."""
    torch.manual_seed(seed)
    X, y = alternating_points(N)
    x = torch.tensor(X, dtype=torch.float32)
    target = torch.tensor(y, dtype=torch.float32).reshape(-1, 1)

    class Rescale(torch.nn.Module):
        def forward(self, inputs):
            return (inputs - 0.5) * 2.0**N

    model = torch.nn.Sequential(Rescale(), torch.nn.Linear(1, 64), torch.nn.Tanh(),
                                torch.nn.Linear(64, 64), torch.nn.Tanh(), torch.nn.Linear(64, 1))
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    signs = 2 * target - 1
    for step in range(5000):
        optimizer.zero_grad()
        loss = torch.nn.functional.binary_cross_entropy_with_logits(model(x), target)
        loss.backward()
        optimizer.step()
        if step % 50 == 0:
            with torch.no_grad():
                if (model(x) * signs).min() > 2.0:
                    break
    return lambda inputs: model(inputs)
