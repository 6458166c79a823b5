"""fix_2 lowers the learning rate (the wrong direction for CONFIG_2)."""
KIND = "mistake"
FAILS = {
    'test_fix_2': 'symptom is not gone',
}
EDITS = {"solution_fix_2": [('fixed["lr"] = 0.1', 'fixed["lr"] = config["lr"] / 10')]}
