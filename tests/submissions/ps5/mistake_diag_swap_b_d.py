"""Scenarios (b) and (d) swapped: the rising test loss of (d) called a generalization gap."""
KIND = "mistake"
FAILS = {
    'test_diagnosis': '1 of the 5 labels',
}

# %% solution_diagnosis
diagnosis = {
    'a': 'learning_rate_too_large',
    'b': 'overfitting',
    'c': 'dead_or_saturated_units',
    'd': 'generalization_gap',
    'e': 'learning_rate_too_small',
}
