"""fix_3 lowers the learning rate in the given dict itself."""
KIND = "mistake"
FAILS = {
    'test_fix_3': 'modified',
}
EDITS = {"solution_fix_3": [("fixed = dict(config)", "fixed = config")]}
