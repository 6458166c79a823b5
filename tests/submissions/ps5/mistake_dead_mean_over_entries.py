"""The fraction of zero entries of the whole hidden matrix."""
KIND = "mistake"
FAILS = {
    'test_dead_fraction': 'pairs',
}

# %% solution_dead_fraction
def dead_fraction(params, X):
    """Fraction of the units of ReLU(X @ W1 + b1) that output 0 for every row of X (a float)."""
    hidden = np.maximum(0, X @ params["W1"] + params["b1"])
    return float(np.mean(hidden == 0))
