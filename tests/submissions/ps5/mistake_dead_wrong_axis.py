"""Reduces over units instead of inputs."""
KIND = "mistake"
FAILS = {
    'test_dead_fraction': 'wrong axis',
}
EDITS = {"solution_dead_fraction": [("dead = np.all(pre <= 0, axis=0)", "dead = np.all(pre <= 0, axis=1)")]}
