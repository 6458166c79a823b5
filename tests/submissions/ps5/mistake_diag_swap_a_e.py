"""Scenarios (a) and (e) swapped: the rising test loss called a generalization gap."""
KIND = "mistake"
FAILS = {
    'test_diagnosis': '(a)',
}

# %% solution_diagnosis
diagnosis = {
    'a': 'learning_rate_too_small',
    'b': 'generalization_gap',
    'c': 'dead_or_saturated_units',
    'd': 'overfitting',
    'e': 'learning_rate_too_large',
}
