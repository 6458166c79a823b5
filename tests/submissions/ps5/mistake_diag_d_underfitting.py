"""The frozen loss of (d) read as underfitting."""
KIND = "mistake"
FAILS = {
    'test_diagnosis': '(d)',
}

# %% solution_diagnosis
diagnosis = {
    'a': 'overfitting',
    'b': 'learning_rate_too_small',
    'c': 'learning_rate_too_large',
    'd': 'underfitting',
    'e': 'generalization_gap',
}
