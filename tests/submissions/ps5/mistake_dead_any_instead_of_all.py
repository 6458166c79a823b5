"""Counts a unit as dead when it is zero on some input instead of all."""
KIND = "mistake"
FAILS = {
    'test_dead_fraction': 'some input',
}
E2E = True
EDITS = {"solution_dead_fraction": [("dead = np.all(pre <= 0, axis=0)", "dead = np.any(pre <= 0, axis=0)")]}
