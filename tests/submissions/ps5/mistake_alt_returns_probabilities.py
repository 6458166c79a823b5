"""The module ends with a sigmoid: it returns probabilities, not logits."""
KIND = "mistake"
FAILS = {
    'test_fit_alternating_n3': 'logits',
    'test_fit_alternating_n4': 'logits',
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
    train_model = model
    model = torch.nn.Sequential(train_model, torch.nn.Sigmoid())
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    signs = 2 * target - 1
    for step in range(5000):
        optimizer.zero_grad()
        loss = torch.nn.functional.binary_cross_entropy_with_logits(train_model(x), target)
        loss.backward()
        optimizer.step()
        if step % 50 == 0:
            with torch.no_grad():
                if (train_model(x) * signs).min() > 2.0:
                    break
    return model
