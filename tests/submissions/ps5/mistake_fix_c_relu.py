"""fix_c swaps tanh for ReLU at the same learning rate: the units die instead."""
KIND = "mistake"
FAILS = {
    'test_fix_c': 'symptom',
}

# %% solution_fix_c
def fix_c(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of scenario (c)."""
    return dict(config, activation="relu")
