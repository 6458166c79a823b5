"""Labels in other capitalization with spaces, fixes built with {**config} and NumPy scalars, float32 gradients, sets of names, a custom tanh Module with MSE on ±1 targets."""
KIND = "alternative"

# %% solution_diagnosis
diagnosis = dict(a="Learning_Rate_Too_Large", b="OVERFITTING", c="Dead_Or_Saturated_Units ",
                 d=" Overfitting", e="LEARNING_RATE_TOO_SMALL")

# %% solution_fix_2
def fix_2(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of CONFIG_2."""
    return {**config, "lr": np.float64(config["lr"] * 1000)}

# %% solution_fix_3
def fix_3(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of CONFIG_3."""
    return {**config, "lr": np.float32(1.0)}

# %% solution_fix_1
def fix_1(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of CONFIG_1."""
    return {**config, "lr": 0.1}  # the large initialization alone is survivable

# %% solution_fit_alternating
def fit_alternating(N, seed):
    """Train a network on alternating_points(N) by gradient descent; return it as a torch.nn.Module."""
    gen = torch.Generator().manual_seed(seed)
    X, y = alternating_points(N)
    x = torch.from_numpy(X).float()
    target = torch.from_numpy(2.0 * y - 1.0).float().reshape(-1, 1)

    class Wiggly(torch.nn.Module):
        def __init__(self, mean, std, width=32):
            super().__init__()
            self.register_buffer("mean", mean)
            self.register_buffer("std", std)
            self.W1 = torch.nn.Parameter(torch.randn(1, width, generator=gen))
            self.b1 = torch.nn.Parameter(torch.randn(width, generator=gen))
            self.W2 = torch.nn.Parameter(torch.randn(width, width, generator=gen) / width**0.5)
            self.b2 = torch.nn.Parameter(torch.zeros(width))
            self.W3 = torch.nn.Parameter(torch.randn(width, 1, generator=gen) / width**0.5)
            self.b3 = torch.nn.Parameter(torch.zeros(1))

        def forward(self, inp):
            z = (inp - self.mean) / self.std
            h = torch.tanh(z @ self.W1 + self.b1)
            h = torch.tanh(h @ self.W2 + self.b2)
            return h @ self.W3 + self.b3

    model = Wiggly(x.mean(0), x.std(0))
    opt = torch.optim.Adam(model.parameters(), lr=0.02)
    for _ in range(1500):
        opt.zero_grad()
        loss = ((model(x) - target) ** 2).mean()
        loss.backward()
        opt.step()
    return model

# %% solution_bug_location
bug_location = {"impl1": "b2", "impl2": {"b1", "W1"}, "impl3": {"W2"}}

# %% solution_fixed_backward
def fixed_backward(X, y, params, reg):
    """Gradients of mlp_loss(X, y, params, reg) w.r.t. W1, b1, W2, b2 (a dict keyed like params)."""
    X32 = X.astype(np.float32)
    W1, b1, W2, b2 = (params[k].astype(np.float32) for k in ("W1", "b1", "W2", "b2"))
    N = len(X32)
    z1 = X32 @ W1 + b1
    h = np.maximum(z1, 0)
    s = h @ W2 + b2
    s = s - s.max(axis=1, keepdims=True)
    p = np.exp(s)
    p = p / p.sum(axis=1, keepdims=True)
    onehot = np.zeros_like(p)
    onehot[np.arange(N), y] = 1
    ds = (p - onehot) / N
    dz1 = np.where(z1 > 0, ds @ W2.T, 0)
    return {"W1": X32.T @ dz1 + reg * W1, "b1": dz1.sum(0), "W2": h.T @ ds + reg * W2, "b2": ds.sum(0)}

# %% solution_dead_fraction
def dead_fraction(params, X):
    """Fraction of the units of ReLU(X @ W1 + b1) that output 0 for every row of X (a float)."""
    hidden = np.maximum(0, X @ params["W1"] + params["b1"])
    return np.float32((hidden == 0).all(axis=0).mean())
