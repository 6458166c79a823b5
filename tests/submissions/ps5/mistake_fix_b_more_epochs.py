"""fix_b only trains longer (10x the epochs) at the same learning rate."""
KIND = "mistake"
FAILS = {
    'test_fix_b': 'epochs',
}

# %% solution_fix_b
def fix_b(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of scenario (b)."""
    fixed = dict(config)
    fixed["epochs"] = config["epochs"] * 10
    return fixed
