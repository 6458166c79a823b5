"""fix_3 raises the learning rate instead of lowering it."""
KIND = "mistake"
FAILS = {
    'test_fix_3': 'loss',
}

# %% solution_fix_3
def fix_3(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of CONFIG_3."""
    return dict(config, lr=config["lr"] * 10)
