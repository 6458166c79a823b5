"""Softmax without subtracting the row maximum: overflow for large scores."""
KIND = "mistake"
FAILS = {
    'test_fixed_backward': 'NaN',
}
EDITS = {
    "solution_fixed_backward": [
        ("probs = np.exp(scores - scores.max(axis=1, keepdims=True))", "probs = np.exp(scores)"),
    ],
}
