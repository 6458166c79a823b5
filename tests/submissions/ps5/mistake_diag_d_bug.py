"""The frozen loss of (d) blamed on a gradient bug."""
KIND = "mistake"
FAILS = {
    'test_diagnosis': '(d)',
}

# %% solution_diagnosis
diagnosis = {
    'a': 'overfitting',
    'b': 'learning_rate_too_small',
    'c': 'learning_rate_too_large',
    'd': 'bug_in_gradient',
    'e': 'generalization_gap',
}
