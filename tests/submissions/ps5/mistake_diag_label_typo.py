"""A label outside the vocabulary ('learning_rate_too_low')."""
KIND = "mistake"
FAILS = {
    'test_diagnosis': 'vocabulary',
}
EDITS = {"solution_diagnosis": [('"e": "learning_rate_too_small"', '"e": "learning_rate_too_low"')]}
