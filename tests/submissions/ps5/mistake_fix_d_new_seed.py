"""fix_d hopes for a seed whose units survive."""
KIND = "mistake"
FAILS = {
    'test_fix_d': 'seed',
}

# %% solution_fix_d
def fix_d(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of scenario (d)."""
    return dict(config, seed=1)
