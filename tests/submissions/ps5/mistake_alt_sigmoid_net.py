"""The failing sigmoid net of the notebook (no biases, uniform init, lr 1) in PyTorch."""
KIND = "mistake"
FAILS = {
    'test_fit_alternating_n3': 'misclassifies',
    'test_fit_alternating_n4': 'misclassifies',
}

# %% solution_fit_alternating
def fit_alternating(N, seed):
    torch.manual_seed(seed)
    X, y = alternating_points(N)
    x = torch.tensor(X, dtype=torch.float32)
    t = torch.tensor(y, dtype=torch.float32).reshape(-1, 1)
    model = torch.nn.Sequential(torch.nn.Linear(1, 50, bias=False), torch.nn.Sigmoid(),
                                torch.nn.Linear(50, 4, bias=False), torch.nn.Sigmoid(),
                                torch.nn.Linear(4, 1, bias=False))
    with torch.no_grad():
        for p in model.parameters():
            p.uniform_(0, 1)
    opt = torch.optim.SGD(model.parameters(), lr=1.0)
    for _ in range(2000):
        opt.zero_grad()
        loss = 0.5 * ((torch.sigmoid(model(x)) - t) ** 2).sum()
        loss.backward()
        opt.step()
    return model
