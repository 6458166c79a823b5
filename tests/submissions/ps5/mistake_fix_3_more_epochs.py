"""fix_3 trains longer at the same learning rate."""
KIND = "mistake"
FAILS = {
    'test_fix_3': 'epochs',
}

# %% solution_fix_3
def fix_3(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of CONFIG_3."""
    return dict(config, epochs=1000)
