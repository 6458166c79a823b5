"""impl3's bug kept: no regularization gradient for W2."""
KIND = "mistake"
FAILS = {
    'test_fixed_backward': 'regularization',
}
EDITS = {
    "solution_fixed_backward": [
        ('"W2": h.T @ dscores + reg * W2, "b2": dscores.sum(axis=0)}',
         '"W2": h.T @ dscores, "b2": dscores.sum(axis=0)}'),
    ],
}
