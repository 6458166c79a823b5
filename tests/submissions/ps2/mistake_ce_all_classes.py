"""cross_entropy averages -log over every entry of probs."""
KIND = "mistake"
FAILS = {'test_cross_entropy': 'correct class', 'test_train_mlp': 'fix cross_entropy first'}
EDITS = {
    "solution_cross_entropy": [
        ("picked = np.maximum(probs[np.arange(N), y], 1e-300)", "picked = probs"),
    ],
}
