"""Every graded function calls sys.exit(); the answer cells exit before defining anything."""
KIND = "adversarial"
FAILS = {
    'test_diagnosis': None,
    'test_fix_b': None,
    'test_fix_c': None,
    'test_fix_d': None,
    'test_fit_alternating_n3': None,
    'test_fit_alternating_n4': None,
    'test_bug_location': None,
    'test_fixed_backward': None,
    'test_dead_fraction': None,
}
E2E = True

# %% solution_diagnosis
import sys
diagnosis = {"a": None, "b": None, "c": None, "d": None, "e": None}
sys.exit()

# %% solution_fix_b
def fix_b(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of scenario (b)."""
    import sys
    sys.exit(0)

# %% solution_fix_c
def fix_c(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of scenario (c)."""
    import sys
    sys.exit(0)

# %% solution_fix_d
def fix_d(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of scenario (d)."""
    import sys
    sys.exit(0)

# %% solution_fit_alternating
def fit_alternating(N, seed):
    import sys
    sys.exit(0)

# %% solution_bug_location
import sys
bug_location = {"impl1": None, "impl2": None, "impl3": None}
sys.exit()

# %% solution_fixed_backward
def fixed_backward(X, y, params, reg):
    import sys
    sys.exit(1)

# %% solution_dead_fraction
def dead_fraction(params, X):
    """Fraction of the units of ReLU(X @ W1 + b1) that output 0 for every row of X (a float)."""
    import sys
    sys.exit(1)
