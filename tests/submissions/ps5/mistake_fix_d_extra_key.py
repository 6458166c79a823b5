"""fix_d adds a 'bias_init' key the trainer does not read."""
KIND = "mistake"
FAILS = {
    'test_fix_d': 'key',
}

# %% solution_fix_d
def fix_d(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of scenario (d)."""
    fixed = {key: value for key, value in config.items()}
    fixed["bias_init"] = 0.1
    return fixed
