"""Scenarios (b) and (c) swapped: the slow one called too large, the rising one too small."""
KIND = "mistake"
FAILS = {
    'test_diagnosis': 'swapped',
}
E2E = True

# %% solution_diagnosis
diagnosis = {
    'a': 'overfitting',
    'b': 'learning_rate_too_large',
    'c': 'learning_rate_too_small',
    'd': 'dead_or_saturated_units',
    'e': 'generalization_gap',
}
