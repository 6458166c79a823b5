"""Every graded function calls sys.exit(); the answer cells exit before defining anything."""
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
import sys
diagnosis = {"a": None, "b": None, "c": None, "d": None, "e": None}
sys.exit()

# %% solution_fix_2
def fix_2(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of CONFIG_2."""
    import sys
    sys.exit(0)

# %% solution_fix_3
def fix_3(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of CONFIG_3."""
    import sys
    sys.exit(0)

# %% solution_fix_1
def fix_1(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of CONFIG_1."""
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
