"""Loops instead of vectorization: per-example backward, per-unit dead check; fixes copied key by key; names as lists and tuples; a ReLU net with rescaled inputs and Adam."""
KIND = "alternative"

# %% solution_diagnosis
diagnosis = {}
for scenario, label in zip("abcde", ["learning_rate_too_large", "generalization_gap", "dead_or_saturated_units",
                                     "overfitting", "learning_rate_too_small"]):
    diagnosis[scenario] = label

# %% solution_fix_2
def fix_2(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of CONFIG_2."""
    new = {}
    for key in config:
        new[key] = config[key]
    new["lr"] = 0.03
    return new

# %% solution_fix_3
def fix_3(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of CONFIG_3."""
    new = {}
    for key, value in config.items():
        new[key] = value / 30 if key == "lr" else value
    return new

# %% solution_fix_1
def fix_1(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of CONFIG_1."""
    new = copy.deepcopy(config)
    new.update(init_scale=1, lr=0.01)
    return new

# %% solution_fit_alternating
def fit_alternating(N, seed):
    """Train a network on alternating_points(N) by gradient descent; return it as a torch.nn.Module."""
    torch.manual_seed(seed)
    X, y = alternating_points(N)
    x = torch.tensor(X, dtype=torch.float32)
    t = torch.tensor(y, dtype=torch.float32).view(-1, 1)

    class Scaled(torch.nn.Module):
        def __init__(self, inner, scale):
            super().__init__()
            self.inner = inner
            self.scale = scale

        def forward(self, inp):
            return self.inner((inp - 0.5) * self.scale)

    inner = torch.nn.Sequential(torch.nn.Linear(1, 128), torch.nn.ReLU(), torch.nn.Linear(128, 128),
                                torch.nn.ReLU(), torch.nn.Linear(128, 1))
    model = Scaled(inner, 2.0)
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    for step in range(4000):
        opt.zero_grad()
        loss = torch.nn.functional.binary_cross_entropy_with_logits(model(x), t)
        loss.backward()
        opt.step()
        if step % 100 == 99:
            with torch.no_grad():
                if ((model(x) > 0).float() == t).all():
                    break
    return model

# %% solution_bug_location
bug_location = {"impl1": ["b2"], "impl2": ("W1", "b1"), "impl3": "W2"}

# %% solution_fixed_backward
def fixed_backward(X, y, params, reg):
    """Gradients of mlp_loss(X, y, params, reg) w.r.t. W1, b1, W2, b2 (a dict keyed like params)."""
    grads = {k: np.zeros_like(v, dtype=float) for k, v in params.items()}
    N = len(X)
    for i in range(N):
        x = X[i]
        z = x @ params["W1"] + params["b1"]
        h = [max(0.0, v) for v in z]
        h = np.array(h)
        s = h @ params["W2"] + params["b2"]
        s = s - np.max(s)
        p = np.exp(s) / np.sum(np.exp(s))
        p[y[i]] -= 1.0
        grads["W2"] += np.outer(h, p) / N
        grads["b2"] += p / N
        dh = params["W2"] @ p
        for j in range(len(z)):
            if z[j] <= 0:
                dh[j] = 0.0
        grads["W1"] += np.outer(x, dh) / N
        grads["b1"] += dh / N
    grads["W1"] += reg * params["W1"]
    grads["W2"] += reg * params["W2"]
    return grads

# %% solution_dead_fraction
def dead_fraction(params, X):
    """Fraction of the units of ReLU(X @ W1 + b1) that output 0 for every row of X (a float)."""
    W1, b1 = params["W1"], params["b1"]
    n_dead = 0
    for j in range(W1.shape[1]):
        outputs = [max(0.0, float(x @ W1[:, j] + b1[j])) for x in X]
        if all(o == 0.0 for o in outputs):
            n_dead += 1
    return n_dead / W1.shape[1]
