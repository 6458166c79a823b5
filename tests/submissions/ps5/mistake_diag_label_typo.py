"""A label outside the vocabulary ('learning_rate_too_low')."""
KIND = "mistake"
FAILS = {
    'test_diagnosis': 'vocabulary',
}

# %% solution_diagnosis
diagnosis = {
    'a': 'overfitting',
    'b': 'learning_rate_too_low',
    'c': 'learning_rate_too_large',
    'd': 'dead_or_saturated_units',
    'e': 'generalization_gap',
}
