"""fix_1 adds a 'bias_init' key the trainer does not read."""
KIND = "mistake"
FAILS = {
    'test_fix_1': 'key',
}

# %% solution_fix_1
def fix_1(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of CONFIG_1."""
    fixed = {key: value for key, value in config.items()}
    fixed["bias_init"] = 0.1
    return fixed
