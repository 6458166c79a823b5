"""fix_b changes the given dict in place and returns it."""
KIND = "mistake"
FAILS = {
    'test_fix_b': 'modify',
}

# %% solution_fix_b
def fix_b(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of scenario (b)."""
    config["lr"] = 0.1
    return config
