"""fix_2 lowers the learning rate (the wrong direction for CONFIG_2)."""
KIND = "mistake"
FAILS = {
    'test_fix_2': 'symptom is not gone',
}

# %% solution_fix_2
def fix_2(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of CONFIG_2."""
    return dict(config, lr=config["lr"] / 10)
