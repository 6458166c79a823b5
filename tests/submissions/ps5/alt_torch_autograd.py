"""PyTorch everywhere: gradients by autograd returned as float64 tensors, dead fraction as a 0-d tensor; fixes that also change batch size or hidden size within the bounds."""
KIND = "alternative"

# %% solution_diagnosis
diagnosis = {"a": "learning_rate_too_large", "b": "overfitting", "c": "dead_or_saturated_units",
             "d": "overfitting", "e": "learning_rate_too_small"}

# %% solution_fix_2
def fix_2(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of CONFIG_2."""
    fixed = config.copy()
    fixed.update(lr=0.3, batch_size=16)
    return fixed

# %% solution_fix_3
def fix_3(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of CONFIG_3."""
    fixed = config.copy()
    fixed["lr"], fixed["batch_size"] = 0.3, 32
    return fixed

# %% solution_fix_1
def fix_1(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of CONFIG_1."""
    fixed = config.copy()
    fixed.update(lr=0.1, init_scale=1.0, hidden=128, batch_size=16)
    return fixed

# %% solution_fixed_backward
def fixed_backward(X, y, params, reg):
    """Gradients of mlp_loss(X, y, params, reg) w.r.t. W1, b1, W2, b2 (a dict keyed like params)."""
    t = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in params.items()}
    h = torch.relu(torch.tensor(X) @ t["W1"] + t["b1"])
    scores = h @ t["W2"] + t["b2"]
    loss = torch.nn.functional.cross_entropy(scores, torch.tensor(y)) \
        + reg / 2 * (t["W1"].pow(2).sum() + t["W2"].pow(2).sum())
    loss.backward()
    return {k: v.grad for k, v in t.items()}

# %% solution_dead_fraction
def dead_fraction(params, X):
    """Fraction of the units of ReLU(X @ W1 + b1) that output 0 for every row of X (a float)."""
    pre = torch.as_tensor(X, dtype=torch.float64) @ torch.as_tensor(params["W1"], dtype=torch.float64) \
        + torch.as_tensor(params["b1"], dtype=torch.float64)
    return (torch.relu(pre).amax(dim=0) == 0).double().mean()
