"""fix_2 changes the given dict in place and returns it."""
KIND = "mistake"
FAILS = {
    'test_fix_2': 'modified',
}

# %% solution_fix_2
def fix_2(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of CONFIG_2."""
    config["lr"] = 0.1
    return config
