"""fix_1 adds hidden units (256) hoping some survive."""
KIND = "mistake"
FAILS = {
    'test_fix_1': 'symptom',
}

# %% solution_fix_1
def fix_1(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of CONFIG_1."""
    return dict(config, hidden=256)
