"""fix_1 lowers the learning rate but also doubles the epoch budget."""
KIND = "mistake"
FAILS = {
    'test_fix_1': 'epochs',
}

# %% solution_fix_1
def fix_1(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of CONFIG_1."""
    return dict(config, lr=0.1, epochs=2000)
