"""The slowly falling loss of (e) called underfitting."""
KIND = "mistake"
FAILS = {
    'test_diagnosis': '1 of the 5 labels',
}
EDITS = {"solution_diagnosis": [('"e": "learning_rate_too_small"', '"e": "underfitting"')]}
