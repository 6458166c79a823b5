"""fix_2 raises the learning rate only 10x: still far too slow."""
KIND = "mistake"
FAILS = {
    'test_fix_2': 'symptom',
}

# %% solution_fix_2
def fix_2(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of CONFIG_2."""
    return dict(config, lr=1e-3)
