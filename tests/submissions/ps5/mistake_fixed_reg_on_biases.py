"""Regularization gradient added to the biases too."""
KIND = "mistake"
FAILS = {
    'test_fixed_backward': 'biases',
}
EDITS = {
    "solution_fixed_backward": [
        ('"W2": h.T @ dscores + reg * W2, "b2": dscores.sum(axis=0)}',
         '"W2": h.T @ dscores + reg * W2, "b2": dscores.sum(axis=0) + reg * b2}'),
    ],
}
