"""fix_2 switches to single-example SGD, below the batch-size bound."""
KIND = "mistake"
FAILS = {
    'test_fix_2': 'batch size',
}

# %% solution_fix_2
def fix_2(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of CONFIG_2."""
    return dict(config, lr=0.01, batch_size=1)
