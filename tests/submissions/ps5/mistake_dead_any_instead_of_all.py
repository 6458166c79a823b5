"""Counts a unit as dead when it is zero on some input instead of all."""
KIND = "mistake"
FAILS = {
    'test_dead_fraction': 'some input',
}
E2E = True

# %% solution_dead_fraction
def dead_fraction(params, X):
    """Fraction of the units of ReLU(X @ W1 + b1) that output 0 for every row of X (a float)."""
    pre = X @ params["W1"] + params["b1"]
    return float(np.mean(np.any(pre <= 0, axis=0)))
