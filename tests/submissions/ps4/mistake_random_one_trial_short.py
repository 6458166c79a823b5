"""range(n_trials - 1): one trial too few."""
KIND = "mistake"
FAILS = {
    'test_random_search': 'n_trials trials',
}
EDITS = {"solution_random_search": [("for _ in range(n_trials):", "for _ in range(n_trials - 1):")]}
