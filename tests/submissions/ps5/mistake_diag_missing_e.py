"""Scenario (e) left out of the dict."""
KIND = "mistake"
FAILS = {
    'test_diagnosis': "'e'",
}

# %% solution_diagnosis
diagnosis = {
    'a': 'learning_rate_too_large',
    'b': 'generalization_gap',
    'c': 'dead_or_saturated_units',
    'd': 'overfitting',
}
