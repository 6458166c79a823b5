"""fix_3 swaps tanh for ReLU at the same learning rate: the units die instead."""
KIND = "mistake"
FAILS = {
    'test_fix_3': 'symptom',
}

# %% solution_fix_3
def fix_3(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of CONFIG_3."""
    return dict(config, activation="relu")
