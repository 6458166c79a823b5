"""fix_3 adds weight decay instead of lowering the learning rate."""
KIND = "mistake"
FAILS = {
    'test_fix_3': 'symptom',
}

# %% solution_fix_3
def fix_3(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of CONFIG_3."""
    return dict(config, weight_decay=1e-3)
