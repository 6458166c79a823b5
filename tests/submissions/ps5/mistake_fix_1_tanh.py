"""fix_1 swaps ReLU for tanh at the same huge scale: saturated instead of dead."""
KIND = "mistake"
FAILS = {
    'test_fix_1': 'symptom',
}

# %% solution_fix_1
def fix_1(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of CONFIG_1."""
    return dict(config, activation="tanh")
