"""fix_3 trains longer at the same learning rate."""
KIND = "mistake"
FAILS = {
    'test_fix_3': 'epochs',
}
EDITS = {"solution_fix_3": [('fixed["lr"] = config["lr"] / 10', 'fixed["epochs"] = 1000')]}
