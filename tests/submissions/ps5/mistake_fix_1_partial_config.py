"""fix_1 returns only the changed entries, not a full configuration."""
KIND = "mistake"
FAILS = {
    'test_fix_1': 'without the key',
}
EDITS = {"solution_fix_1": [("fixed = dict(config)", "fixed = {}")]}
