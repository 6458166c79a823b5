"""Tests pre < 0, so a unit stuck at exactly 0 counts as alive."""
KIND = "mistake"
FAILS = {
    'test_dead_fraction': 'exactly 0',
}
EDITS = {"solution_dead_fraction": [("dead = np.all(pre <= 0, axis=0)", "dead = np.all(pre < 0, axis=0)")]}
