"""fix_2 raises the learning rate but also changes the seed."""
KIND = "mistake"
FAILS = {
    'test_fix_2': 'seed',
}

# %% solution_fix_2
def fix_2(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of CONFIG_2."""
    return dict(config, lr=0.1, seed=42)
