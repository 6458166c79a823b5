"""The frozen loss of (c) blamed on the learning rate (too large), not on the dead units."""
KIND = "mistake"
FAILS = {
    'test_diagnosis': '1 of the 5 labels',
}

# %% solution_diagnosis
diagnosis = {
    'a': 'learning_rate_too_large',
    'b': 'generalization_gap',
    'c': 'learning_rate_too_large',
    'd': 'overfitting',
    'e': 'learning_rate_too_small',
}
