"""Accuracy divided by the number of batches."""
KIND = "mistake"
FAILS = {'test_evaluate': 'accuracy'}
EDITS = {
    "solution_evaluate": [
        ("return total / count, correct / count", "return total / count, correct / len(loader)"),
    ],
}
