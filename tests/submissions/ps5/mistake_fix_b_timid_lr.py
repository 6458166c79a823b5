"""fix_b raises the learning rate only 10x: still far too slow."""
KIND = "mistake"
FAILS = {
    'test_fix_b': 'symptom',
}

# %% solution_fix_b
def fix_b(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of scenario (b)."""
    return dict(config, lr=1e-3)
