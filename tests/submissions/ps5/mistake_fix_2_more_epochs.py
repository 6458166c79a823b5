"""fix_2 only trains longer (10x the epochs) at the same learning rate."""
KIND = "mistake"
FAILS = {
    'test_fix_2': 'epochs',
}
EDITS = {"solution_fix_2": [('fixed["lr"] = 0.1', 'fixed["epochs"] = config["epochs"] * 10')]}
