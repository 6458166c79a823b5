"""fix_b adds hidden units beyond the bound of 256 besides raising the learning rate."""
KIND = "mistake"
FAILS = {
    'test_fix_b': 'hidden',
}

# %% solution_fix_b
def fix_b(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of scenario (b)."""
    return dict(config, lr=0.1, hidden=1024)
