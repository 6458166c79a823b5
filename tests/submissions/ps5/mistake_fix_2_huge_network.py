"""fix_2 adds hidden units beyond the bound of 256 besides raising the learning rate."""
KIND = "mistake"
FAILS = {
    'test_fix_2': 'hidden',
}

# %% solution_fix_2
def fix_2(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of CONFIG_2."""
    return dict(config, lr=0.1, hidden=1024)
