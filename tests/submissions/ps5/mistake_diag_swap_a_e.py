"""Scenarios (a) and (e) swapped: the rising one called too small, the slow one too large."""
KIND = "mistake"
FAILS = {
    'test_diagnosis': '2 of the 5 labels',
}
E2E = True
EDITS = {
    "solution_diagnosis": [
        ('"a": "learning_rate_too_large"', '"a": "learning_rate_too_small"'),
        ('"e": "learning_rate_too_small"', '"e": "learning_rate_too_large"'),
    ],
}
