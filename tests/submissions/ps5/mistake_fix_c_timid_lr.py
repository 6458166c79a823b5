"""fix_c lowers the learning rate 100x: stable, but too slow for the budget."""
KIND = "mistake"
FAILS = {
    'test_fix_c': 'symptom',
}

# %% solution_fix_c
def fix_c(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of scenario (c)."""
    return dict(config, lr=0.03)
