"""The frozen loss of (c) read as underfitting."""
KIND = "mistake"
FAILS = {
    'test_diagnosis': '1 of the 5 labels',
}

# %% solution_diagnosis
diagnosis = {
    'a': 'learning_rate_too_large',
    'b': 'generalization_gap',
    'c': 'underfitting',
    'd': 'overfitting',
    'e': 'learning_rate_too_small',
}
