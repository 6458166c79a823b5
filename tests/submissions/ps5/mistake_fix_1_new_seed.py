"""fix_1 hopes for a seed whose units survive."""
KIND = "mistake"
FAILS = {
    'test_fix_1': 'seed',
}

# %% solution_fix_1
def fix_1(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of CONFIG_1."""
    return dict(config, seed=1)
