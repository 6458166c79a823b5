"""fix_2 raises the learning rate but also changes the seed."""
KIND = "mistake"
FAILS = {
    'test_fix_2': 'seed',
}
EDITS = {
    "solution_fix_2": [
        ('fixed["lr"] = 0.1',
         'fixed["lr"] = 0.1\n'
         '    fixed["seed"] = 42'),
    ],
}
