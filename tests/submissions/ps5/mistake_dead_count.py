"""Returns the number of dead units instead of their fraction."""
KIND = "mistake"
FAILS = {
    'test_dead_fraction': 'number',
}

# %% solution_dead_fraction
def dead_fraction(params, X):
    """Fraction of the units of ReLU(X @ W1 + b1) that output 0 for every row of X (a float)."""
    pre = X @ params["W1"] + params["b1"]
    return int(np.sum(np.all(pre <= 0, axis=0)))
