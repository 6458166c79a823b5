"""fix_3 shrinks the initialization instead of the learning rate."""
KIND = "mistake"
FAILS = {
    'test_fix_3': 'symptom',
}

# %% solution_fix_3
def fix_3(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of CONFIG_3."""
    return dict(config, init_scale=0.1)
