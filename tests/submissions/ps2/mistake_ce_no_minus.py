"""cross_entropy forgets the minus sign."""
KIND = "mistake"
FAILS = {'test_cross_entropy': 'sign', 'test_train_mlp': 'fix cross_entropy first'}
EDITS = {
    "solution_cross_entropy": [
        ("return float(-np.mean(np.log(picked)))", "return float(np.mean(np.log(picked)))"),
    ],
}
