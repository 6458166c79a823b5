"""fix_c trains longer at the same learning rate."""
KIND = "mistake"
FAILS = {
    'test_fix_c': 'epochs',
}

# %% solution_fix_c
def fix_c(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of scenario (c)."""
    return dict(config, epochs=1000)
