"""Returns the fraction of units that are alive."""
KIND = "mistake"
FAILS = {
    'test_dead_fraction': 'alive',
}

# %% solution_dead_fraction
def dead_fraction(params, X):
    """Fraction of the units of ReLU(X @ W1 + b1) that output 0 for every row of X (a float)."""
    pre = X @ params["W1"] + params["b1"]
    return float(np.mean(np.any(pre > 0, axis=0)))
