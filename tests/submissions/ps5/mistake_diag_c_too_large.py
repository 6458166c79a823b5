"""The frozen loss of (c) blamed on the learning rate (too large), not on the dead units."""
KIND = "mistake"
FAILS = {
    'test_diagnosis': '1 of the 5 labels',
}
EDITS = {"solution_diagnosis": [('"c": "dead_or_saturated_units"', '"c": "learning_rate_too_large"')]}
