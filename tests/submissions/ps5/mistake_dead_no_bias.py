"""Forgets the bias b1 in the pre-activation."""
KIND = "mistake"
FAILS = {
    'test_dead_fraction': 'does not match',
}

# %% solution_dead_fraction
def dead_fraction(params, X):
    """Fraction of the units of ReLU(X @ W1 + b1) that output 0 for every row of X (a float)."""
    hidden = np.maximum(0, X @ params["W1"])
    return float(np.mean(np.all(hidden == 0, axis=0)))
