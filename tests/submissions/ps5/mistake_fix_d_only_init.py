"""fix_d uses He initialization but keeps the learning rate of 5: the units still die."""
KIND = "mistake"
FAILS = {
    'test_fix_d': 'symptom',
}

# %% solution_fix_d
def fix_d(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of scenario (d)."""
    return dict(config, init_scale=1.0)
