"""The frozen loss of (c) blamed on a gradient bug."""
KIND = "mistake"
FAILS = {
    'test_diagnosis': '1 of the 5 labels',
}
EDITS = {"solution_diagnosis": [('"c": "dead_or_saturated_units"', '"c": "bug_in_gradient"')]}
