"""fix_2 only trains longer (10x the epochs) at the same learning rate."""
KIND = "mistake"
FAILS = {
    'test_fix_2': 'epochs',
}

# %% solution_fix_2
def fix_2(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of CONFIG_2."""
    fixed = dict(config)
    fixed["epochs"] = config["epochs"] * 10
    return fixed
