"""fix_c raises the learning rate instead of lowering it."""
KIND = "mistake"
FAILS = {
    'test_fix_c': 'loss',
}

# %% solution_fix_c
def fix_c(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of scenario (c)."""
    return dict(config, lr=config["lr"] * 10)
