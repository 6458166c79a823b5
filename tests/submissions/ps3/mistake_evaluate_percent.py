"""Accuracy returned as a percentage."""
KIND = "mistake"
FAILS = {'test_evaluate': 'fraction'}
EDITS = {
    "solution_evaluate": [
        ("return total / count, correct / count", "return total / count, 100.0 * correct / count"),
    ],
}
