"""fix_3 raises the learning rate instead of lowering it."""
KIND = "mistake"
FAILS = {
    'test_fix_3': 'loss',
}
EDITS = {"solution_fix_3": [('fixed["lr"] = config["lr"] / 10', 'fixed["lr"] = config["lr"] * 10')]}
