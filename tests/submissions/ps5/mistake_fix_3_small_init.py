"""fix_3 shrinks the initialization instead of the learning rate."""
KIND = "mistake"
FAILS = {
    'test_fix_3': 'symptom',
}
EDITS = {"solution_fix_3": [('fixed["lr"] = config["lr"] / 10', 'fixed["init_scale"] = 0.1')]}
