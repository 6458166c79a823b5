"""fix_1 swaps ReLU for tanh at the same huge scale: saturated instead of dead."""
KIND = "mistake"
FAILS = {
    'test_fix_1': 'symptom',
}
EDITS = {
    "solution_fix_1": [
        ('fixed["init_scale"] = 1.0  # He initialization\n'
         '    fixed["lr"] = 0.1',
         'fixed["activation"] = "tanh"'),
    ],
}
