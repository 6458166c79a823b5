"""Trains on rescaled inputs but returns a module that expects rescaled inputs."""
KIND = "mistake"
FAILS = {
    'test_fit_alternating_n3': 'misclassifies',
    'test_fit_alternating_n4': 'misclassifies',
}

# %% solution_fit_alternating
def fit_alternating(N, seed):
    torch.manual_seed(seed)
    X, y = alternating_points(N)
    x = torch.tensor((X - 0.5) * 2.0**N, dtype=torch.float32)
    target = torch.tensor(y, dtype=torch.float32).reshape(-1, 1)
    model = torch.nn.Sequential(torch.nn.Linear(1, 64), torch.nn.Tanh(), torch.nn.Linear(64, 64), torch.nn.Tanh(),
                                torch.nn.Linear(64, 1))
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    for step in range(1500):
        optimizer.zero_grad()
        loss = torch.nn.functional.binary_cross_entropy_with_logits(model(x), target)
        loss.backward()
        optimizer.step()
    return model
