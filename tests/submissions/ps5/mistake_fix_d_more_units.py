"""fix_d adds hidden units (256) hoping some survive."""
KIND = "mistake"
FAILS = {
    'test_fix_d': 'symptom',
}

# %% solution_fix_d
def fix_d(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of scenario (d)."""
    return dict(config, hidden=256)
