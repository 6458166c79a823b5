"""fix_3 lowers the learning rate in the given dict itself."""
KIND = "mistake"
FAILS = {
    'test_fix_3': 'modified',
}

# %% solution_fix_3
def fix_3(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of CONFIG_3."""
    config["lr"] /= 10
    return config
