"""fix_1 adds hidden units (256) hoping some survive."""
KIND = "mistake"
FAILS = {
    'test_fix_1': 'symptom',
}
EDITS = {
    "solution_fix_1": [
        ('fixed["init_scale"] = 1.0  # He initialization\n'
         '    fixed["lr"] = 0.1',
         'fixed["hidden"] = 256'),
    ],
}
