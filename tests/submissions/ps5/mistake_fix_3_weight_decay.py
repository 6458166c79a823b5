"""fix_3 adds weight decay instead of lowering the learning rate."""
KIND = "mistake"
FAILS = {
    'test_fix_3': 'symptom',
}
EDITS = {"solution_fix_3": [('fixed["lr"] = config["lr"] / 10', 'fixed["weight_decay"] = 1e-3')]}
