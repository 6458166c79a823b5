"""fix_2 adds hidden units beyond the bound of 256 besides raising the learning rate."""
KIND = "mistake"
FAILS = {
    'test_fix_2': 'hidden',
}
EDITS = {
    "solution_fix_2": [
        ('fixed["lr"] = 0.1',
         'fixed["lr"] = 0.1\n'
         '    fixed["hidden"] = 1024'),
    ],
}
