"""fix_1 hopes for a seed whose units survive."""
KIND = "mistake"
FAILS = {
    'test_fix_1': 'seed',
}
EDITS = {
    "solution_fix_1": [
        ('fixed["init_scale"] = 1.0  # He initialization\n'
         '    fixed["lr"] = 0.1',
         'fixed["seed"] = 1'),
    ],
}
