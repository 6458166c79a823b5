"""Returns the fraction of units that are alive."""
KIND = "mistake"
FAILS = {
    'test_dead_fraction': 'alive',
}
EDITS = {
    "solution_dead_fraction": [
        ("dead = np.all(pre <= 0, axis=0)", "dead = np.any(pre > 0, axis=0)  # the alive ones"),
    ],
}
