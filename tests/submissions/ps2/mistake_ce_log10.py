"""cross_entropy uses log10."""
KIND = "mistake"
FAILS = {'test_cross_entropy': 'log10', 'test_train_mlp': 'fix cross_entropy first'}
EDITS = {
    "solution_cross_entropy": [
        ("return float(-np.mean(np.log(picked)))", "return float(-np.mean(np.log10(picked)))"),
    ],
}
