"""fix_1 lowers the learning rate but also doubles the epoch budget."""
KIND = "mistake"
FAILS = {
    'test_fix_1': 'epochs',
}
EDITS = {"solution_fix_1": [('fixed["init_scale"] = 1.0  # He initialization', 'fixed["epochs"] = 2000')]}
