"""The frozen loss of (c) read as underfitting."""
KIND = "mistake"
FAILS = {
    'test_diagnosis': '1 of the 5 labels',
}
EDITS = {"solution_diagnosis": [('"c": "dead_or_saturated_units"', '"c": "underfitting"')]}
