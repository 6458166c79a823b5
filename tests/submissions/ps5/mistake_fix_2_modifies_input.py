"""fix_2 changes the given dict in place and returns it."""
KIND = "mistake"
FAILS = {
    'test_fix_2': 'modified',
}
EDITS = {"solution_fix_2": [("fixed = dict(config)", "fixed = config")]}
