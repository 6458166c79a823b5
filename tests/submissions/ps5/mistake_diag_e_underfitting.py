"""The slowly falling loss of (e) called underfitting."""
KIND = "mistake"
FAILS = {
    'test_diagnosis': '1 of the 5 labels',
}

# %% solution_diagnosis
diagnosis = {
    'a': 'learning_rate_too_large',
    'b': 'generalization_gap',
    'c': 'dead_or_saturated_units',
    'd': 'overfitting',
    'e': 'underfitting',
}
