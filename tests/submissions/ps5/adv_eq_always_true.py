"""Every answer is an object whose __eq__ is always True (strings, dicts, arrays, a fake model)."""
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
class AlwaysEqualStr(str):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = str.__hash__

    def strip(self, *args):
        return self

    def lower(self):
        return self


class AlwaysEqualArray(np.ndarray):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = None


class AlwaysEqualDict(dict):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = None


diagnosis = {k: AlwaysEqualStr("anything") for k in "abcde"}

# %% solution_fix_2
def fix_2(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of CONFIG_2."""
    return AlwaysEqualDict(config)

# %% solution_fix_3
def fix_3(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of CONFIG_3."""
    return AlwaysEqualDict(config)

# %% solution_fix_1
def fix_1(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of CONFIG_1."""
    return AlwaysEqualDict(config)

# %% solution_fit_alternating
def fit_alternating(N, seed):
    return AlwaysEqualStr("model")

# %% solution_bug_location
bug_location = {k: AlwaysEqualStr("W1") for k in ("impl1", "impl2", "impl3")}

# %% solution_fixed_backward
def fixed_backward(X, y, params, reg):
    return AlwaysEqualDict({k: np.zeros_like(v).view(AlwaysEqualArray) for k, v in params.items()})

# %% solution_dead_fraction
def dead_fraction(params, X):
    """Fraction of the units of ReLU(X @ W1 + b1) that output 0 for every row of X (a float)."""
    return np.zeros(()).view(AlwaysEqualArray)
