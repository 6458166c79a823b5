"""fix_1 returns only the changed entries, not a full configuration."""
KIND = "mistake"
FAILS = {
    'test_fix_1': 'without the key',
}

# %% solution_fix_1
def fix_1(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of CONFIG_1."""
    return {"lr": 0.1, "init_scale": 1.0}
