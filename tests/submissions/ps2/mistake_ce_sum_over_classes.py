"""cross_entropy sums -log over every class of each example, then averages."""
KIND = "mistake"
FAILS = {'test_cross_entropy': 'every class', 'test_train_mlp': 'fix cross_entropy first'}
EDITS = {
    "solution_cross_entropy": [
        ("picked = np.maximum(probs[np.arange(N), y], 1e-300)", "picked = probs"),
        ("return float(-np.mean(np.log(picked)))", "return float(-np.sum(np.log(picked)) / N)"),
    ],
}
