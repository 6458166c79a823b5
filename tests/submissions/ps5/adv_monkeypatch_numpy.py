"""The first solution cell replaces np.allclose, np.isclose and np.testing.assert_allclose by always-pass versions (restored in the last one); every answer is wrong.

The checks run in the grader (autograder.judge), whose NumPy the kernel cannot touch: every wrong answer
fails as what it is (before, the in-kernel guard reported the replaced functions). The last solution
cell puts the originals back: in-process grading (the corpus's loopback channel) shares one NumPy
between the "kernel" and the judge.
"""
KIND = "adversarial"
# Any failure is right: the grader's NumPy is untouched in a real kernel, but in process (the corpus's
# loopback channel) the judge shares the patched NumPy, so a cell's message can differ between the two.
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
_originals = (np.allclose, np.isclose, np.testing.assert_allclose)
np.allclose = lambda *args, **kwargs: True
np.isclose = lambda a, b, *args, **kwargs: np.ones(np.broadcast(a, b).shape, dtype=bool)
np.testing.assert_allclose = lambda *args, **kwargs: None
diagnosis = {k: "underfitting" for k in "abcde"}

# %% solution_fix_2
def fix_2(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of CONFIG_2."""
    return dict(config)

# %% solution_fix_3
def fix_3(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of CONFIG_3."""
    return dict(config)

# %% solution_fix_1
def fix_1(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of CONFIG_1."""
    return dict(config)

# %% solution_fit_alternating
def fit_alternating(N, seed):
    return torch.nn.Linear(1, 1)

# %% solution_bug_location
bug_location = {"impl1": "W1", "impl2": "W1", "impl3": "W1"}

# %% solution_fixed_backward
def fixed_backward(X, y, params, reg):
    return {k: np.zeros_like(v) for k, v in params.items()}

# %% solution_dead_fraction
np.allclose, np.isclose, np.testing.assert_allclose = _originals


def dead_fraction(params, X):
    return 0.5
