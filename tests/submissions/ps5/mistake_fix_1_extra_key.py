"""fix_1 adds a 'bias_init' key the trainer does not read."""
KIND = "mistake"
FAILS = {
    'test_fix_1': 'key',
}
EDITS = {
    "solution_fix_1": [
        ('fixed["init_scale"] = 1.0  # He initialization\n'
         '    fixed["lr"] = 0.1',
         'fixed["bias_init"] = 0.1'),
    ],
}
