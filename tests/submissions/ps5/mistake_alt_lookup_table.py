"""A trainable lookup table: each input takes the logit of its nearest training point."""
KIND = "mistake"
FAILS = {
    'test_fit_alternating_n3': 'continuously',
    'test_fit_alternating_n4': 'continuously',
}

# %% solution_fit_alternating
def fit_alternating(N, seed):
    torch.manual_seed(seed)
    X, y = alternating_points(N)

    class Table(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.logits = torch.nn.Parameter(torch.zeros(len(X)))

        def forward(self, inp):
            idx = torch.clamp(torch.round(inp[:, 0] * 2**N), 0, len(X) - 1).long()
            return self.logits[idx].reshape(-1, 1)

    table = Table()
    target = torch.tensor(y, dtype=torch.float32).reshape(-1, 1)
    opt = torch.optim.SGD(table.parameters(), lr=10.0)
    x = torch.tensor(X, dtype=torch.float32)
    for _ in range(200):
        opt.zero_grad()
        torch.nn.functional.binary_cross_entropy_with_logits(table(x), target).backward()
        opt.step()
    return table
