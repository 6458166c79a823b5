"""Scenario (e) left out of the dict."""
KIND = "mistake"
FAILS = {
    'test_diagnosis': "'e'",
}
EDITS = {"solution_diagnosis": [('    "e": "learning_rate_too_small",\n', "")]}
