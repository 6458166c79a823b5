"""cross_entropy sums over the batch instead of averaging."""
KIND = "mistake"
FAILS = {'test_cross_entropy': 'mean', 'test_train_mlp': 'fix cross_entropy first'}
EDITS = {
    "solution_cross_entropy": [
        ("return float(-np.mean(np.log(picked)))", "return float(-np.sum(np.log(picked)))"),
    ],
}
