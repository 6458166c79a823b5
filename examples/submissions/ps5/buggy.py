"""A student who lowers the learning rate of CONFIG_2 and counts units dead on some inputs."""
KIND = "mistake"
FAILS = {"test_fix_2": "symptom is not gone", "test_dead_fraction": "some input"}

# %% solution_fix_2
def fix_2(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of CONFIG_2."""
    return dict(config, lr=config["lr"] / 10)

# %% solution_dead_fraction
def dead_fraction(params, X):
    """Fraction of the units of ReLU(X @ W1 + b1) that output 0 for every row of X (a float)."""
    pre = X @ params["W1"] + params["b1"]
    return float(np.mean(np.any(pre <= 0, axis=0)))
