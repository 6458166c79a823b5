"""fix_d returns only the changed entries, not a full configuration."""
KIND = "mistake"
FAILS = {
    'test_fix_d': 'keys',
}

# %% solution_fix_d
def fix_d(config):
    """A new configuration (same keys; config itself unchanged) without the symptom of scenario (d)."""
    return {"lr": 0.1, "init_scale": 1.0}
