"""fix_c lowers the learning rate in the given dict itself."""
KIND = "mistake"
FAILS = {
    'test_fix_c': 'modify',
}

# %% solution_fix_c
def fix_c(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of scenario (c)."""
    config["lr"] /= 10
    return config
