"""fix_2 raises the learning rate only 10x: still far too slow."""
KIND = "mistake"
FAILS = {
    'test_fix_2': 'symptom',
}
EDITS = {"solution_fix_2": [('fixed["lr"] = 0.1', 'fixed["lr"] = 1e-3')]}
