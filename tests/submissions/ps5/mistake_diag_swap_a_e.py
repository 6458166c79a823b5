"""Scenarios (a) and (e) swapped: the rising one called too small, the slow one too large."""
KIND = "mistake"
FAILS = {
    'test_diagnosis': '2 of the 5 labels',
}
E2E = True

# %% solution_diagnosis
diagnosis = {
    'a': 'learning_rate_too_small',
    'b': 'generalization_gap',
    'c': 'dead_or_saturated_units',
    'd': 'overfitting',
    'e': 'learning_rate_too_large',
}
