"""fix_b switches to single-example SGD, below the batch-size bound."""
KIND = "mistake"
FAILS = {
    'test_fix_b': 'batch size',
}

# %% solution_fix_b
def fix_b(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of scenario (b)."""
    return dict(config, lr=0.01, batch_size=1)
