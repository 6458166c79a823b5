"""Every answer prints 'All tests passed' instead of computing anything."""
KIND = "adversarial"
FAILS = {
    'test_diagnosis': None,
    'test_fix_2': None,
    'test_fix_3': None,
    'test_fix_1': None,
    'test_fit_alternating_n3': None,
    'test_fit_alternating_n4': None,
    'test_bug_location': None,
    'test_fixed_backward': None,
    'test_dead_fraction': None,
}
E2E = True

# %% solution_diagnosis
print("All tests passed")
diagnosis = {k: "All tests passed" for k in "abcde"}

# %% solution_fix_2
def fix_2(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of CONFIG_2."""
    print("All tests passed")
    return dict(config)

# %% solution_fix_3
def fix_3(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of CONFIG_3."""
    print("All tests passed")
    return dict(config)

# %% solution_fix_1
def fix_1(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of CONFIG_1."""
    print("All tests passed")
    return dict(config)

# %% solution_fit_alternating
def fit_alternating(N, seed):
    print("All tests passed")

# %% solution_bug_location
print("All tests passed")
bug_location = {"impl1": [], "impl2": [], "impl3": []}

# %% solution_fixed_backward
def fixed_backward(X, y, params, reg):
    print("All tests passed")

# %% solution_dead_fraction
def dead_fraction(params, X):
    """Fraction of the units of ReLU(X @ W1 + b1) that output 0 for every row of X (a float)."""
    print("All tests passed")
