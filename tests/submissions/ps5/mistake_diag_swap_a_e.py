"""Scenarios (a) and (e) swapped: the rising test loss called a generalization gap."""
KIND = "mistake"
FAILS = {
    'test_diagnosis': '(a)',
}

# %% solution_diagnosis
diagnosis = {
    'a': 'generalization_gap',
    'b': 'learning_rate_too_small',
    'c': 'learning_rate_too_large',
    'd': 'dead_or_saturated_units',
    'e': 'overfitting',
}
