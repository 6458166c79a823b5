"""Fixes b2's 1/N but writes the regularization gradient as 2·reg·W."""
KIND = "mistake"
FAILS = {
    'test_fixed_backward': 'doubled',
}
EDITS = {
    "solution_fixed_backward": [
        ('return {"W1": X.T @ dz1 + reg * W1, "b1": dz1.sum(axis=0),\n'
         '            "W2": h.T @ dscores + reg * W2, "b2": dscores.sum(axis=0)}',
         'return {"W1": X.T @ dz1 + 2 * reg * W1, "b1": dz1.sum(axis=0),\n'
         '            "W2": h.T @ dscores + 2 * reg * W2, "b2": dscores.sum(axis=0)}'),
    ],
}
