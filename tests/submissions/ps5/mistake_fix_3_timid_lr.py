"""fix_3 lowers the learning rate 100x: stable, but too slow for the budget."""
KIND = "mistake"
FAILS = {
    'test_fix_3': 'symptom',
}
EDITS = {"solution_fix_3": [('fixed["lr"] = config["lr"] / 10', 'fixed["lr"] = 0.03')]}
