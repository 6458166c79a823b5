"""cross_entropy indexes probs[:, y], picking whole columns."""
KIND = "mistake"
FAILS = {'test_cross_entropy': 'columns', 'test_train_mlp': 'fix cross_entropy first'}
EDITS = {
    "solution_cross_entropy": [
        ("picked = np.maximum(probs[np.arange(N), y], 1e-300)", "picked = np.maximum(probs[:, y], 1e-300)"),
    ],
}
