"""Scenarios (b) and (d) swapped: the rising test loss of (d) called a generalization gap."""
KIND = "mistake"
FAILS = {
    'test_diagnosis': '1 of the 5 labels',
}
EDITS = {
    "solution_diagnosis": [
        ('"b": "generalization_gap"', '"b": "overfitting"'),
        ('"d": "overfitting"', '"d": "generalization_gap"'),
    ],
}
