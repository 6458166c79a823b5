"""The slowly falling loss of (b) called underfitting."""
KIND = "mistake"
FAILS = {
    'test_diagnosis': '(b)',
}

# %% solution_diagnosis
diagnosis = {
    'a': 'overfitting',
    'b': 'underfitting',
    'c': 'learning_rate_too_large',
    'd': 'dead_or_saturated_units',
    'e': 'generalization_gap',
}
