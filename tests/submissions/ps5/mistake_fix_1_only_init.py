"""fix_1 uses He initialization but keeps the learning rate of 5: the units still die."""
KIND = "mistake"
FAILS = {
    'test_fix_1': 'symptom',
}
EDITS = {"solution_fix_1": [('    fixed["lr"] = 0.1\n', "")]}
