"""fix_c shrinks the initialization instead of the learning rate."""
KIND = "mistake"
FAILS = {
    'test_fix_c': 'symptom',
}

# %% solution_fix_c
def fix_c(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of scenario (c)."""
    return dict(config, init_scale=0.1)
