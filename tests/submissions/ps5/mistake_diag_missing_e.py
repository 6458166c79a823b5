"""Scenario (e) left out of the dict."""
KIND = "mistake"
FAILS = {
    'test_diagnosis': "'e'",
}

# %% solution_diagnosis
diagnosis = {
    'a': 'overfitting',
    'b': 'learning_rate_too_small',
    'c': 'learning_rate_too_large',
    'd': 'dead_or_saturated_units',
}
