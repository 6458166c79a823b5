"""fix_b raises the learning rate but also changes the seed."""
KIND = "mistake"
FAILS = {
    'test_fix_b': 'seed',
}

# %% solution_fix_b
def fix_b(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of scenario (b)."""
    return dict(config, lr=0.1, seed=42)
