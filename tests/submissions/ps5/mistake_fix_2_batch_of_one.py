"""fix_2 switches to single-example SGD, below the batch-size bound."""
KIND = "mistake"
FAILS = {
    'test_fix_2': 'batch size',
}
EDITS = {
    "solution_fix_2": [
        ('fixed["lr"] = 0.1',
         'fixed["lr"] = 0.01\n'
         '    fixed["batch_size"] = 1'),
    ],
}
