"""grads['W1'] starts as params['W1'] itself and is updated in place."""
KIND = "mistake"
FAILS = {
    'test_fixed_backward': 'modified',
}
EDITS = {
    "solution_fixed_backward": [
        ('return {"W1": X.T @ dz1 + reg * W1, "b1": dz1.sum(axis=0),\n'
         '            "W2": h.T @ dscores + reg * W2, "b2": dscores.sum(axis=0)}',
         "gW1 = W1\n"
         "    gW1 *= reg\n"
         "    gW1 += X.T @ dz1\n"
         '    return {"W1": gW1, "b1": dz1.sum(axis=0), "W2": h.T @ dscores + reg * W2, "b2": dscores.sum(axis=0)}'),
    ],
}
