"""fix_1 uses He initialization but keeps the learning rate of 5: the units still die."""
KIND = "mistake"
FAILS = {
    'test_fix_1': 'symptom',
}

# %% solution_fix_1
def fix_1(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of CONFIG_1."""
    return dict(config, init_scale=1.0)
