"""fix_d swaps ReLU for tanh at the same huge scale: saturated instead of dead."""
KIND = "mistake"
FAILS = {
    'test_fix_d': 'symptom',
}

# %% solution_fix_d
def fix_d(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of scenario (d)."""
    return dict(config, activation="tanh")
