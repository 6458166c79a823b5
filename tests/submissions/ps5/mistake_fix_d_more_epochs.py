"""fix_d lowers the learning rate but also doubles the epoch budget."""
KIND = "mistake"
FAILS = {
    'test_fix_d': 'epochs',
}

# %% solution_fix_d
def fix_d(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of scenario (d)."""
    return dict(config, lr=0.1, epochs=2000)
