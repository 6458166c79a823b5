"""A label outside the vocabulary ('learning_rate_too_low')."""
KIND = "mistake"
FAILS = {
    'test_diagnosis': 'vocabulary',
}

# %% solution_diagnosis
diagnosis = {
    'a': 'learning_rate_too_large',
    'b': 'generalization_gap',
    'c': 'dead_or_saturated_units',
    'd': 'overfitting',
    'e': 'learning_rate_too_low',
}
