"""fix_3 lowers the learning rate 100x: stable, but too slow for the budget."""
KIND = "mistake"
FAILS = {
    'test_fix_3': 'symptom',
}

# %% solution_fix_3
def fix_3(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of CONFIG_3."""
    return dict(config, lr=0.03)
