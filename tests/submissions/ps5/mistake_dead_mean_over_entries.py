"""The fraction of zero entries of the whole hidden matrix."""
KIND = "mistake"
FAILS = {
    'test_dead_fraction': 'pairs',
}
EDITS = {
    "solution_dead_fraction": [
        ("dead = np.all(pre <= 0, axis=0)", "dead = np.maximum(0, pre) == 0  # every entry"),
    ],
}
