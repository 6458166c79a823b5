"""fix_b lowers the learning rate (the wrong direction for scenario (b))."""
KIND = "mistake"
FAILS = {
    'test_fix_b': 'not higher',
}

# %% solution_fix_b
def fix_b(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of scenario (b)."""
    return dict(config, lr=config["lr"] / 10)
