"""Stops after 30 Adam steps."""
KIND = "mistake"
FAILS = {
    'test_fit_alternating_n3': 'misclassifies',
    'test_fit_alternating_n4': 'misclassifies',
}
EDITS = {"solution_fit_alternating": [("for step in range(5000):", "for step in range(30):")]}
