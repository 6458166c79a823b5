"""Forgets the bias b1 in the pre-activation."""
KIND = "mistake"
FAILS = {
    'test_dead_fraction': 'does not match',
}
EDITS = {"solution_dead_fraction": [('pre = X @ params["W1"] + params["b1"]', 'pre = X @ params["W1"]')]}
