"""Plain gradient descent on a small tanh net without input scaling."""
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
    t = torch.tensor(y, dtype=torch.float32).view(-1, 1)
    model = torch.nn.Sequential(torch.nn.Linear(1, 16), torch.nn.Tanh(), torch.nn.Linear(16, 16), torch.nn.Tanh(),
                                torch.nn.Linear(16, 1))
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    for _ in range(5000):
        opt.zero_grad()
        torch.nn.functional.binary_cross_entropy_with_logits(model(x), t).backward()
        opt.step()
    return model
