"""Returns the number of dead units instead of their fraction."""
KIND = "mistake"
FAILS = {
    'test_dead_fraction': 'number',
}
EDITS = {"solution_dead_fraction": [("return float(np.mean(dead))", "return int(np.sum(dead))")]}
