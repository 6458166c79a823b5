"""random_search makes its own generator with seed 0 instead of using rng."""
KIND = "mistake"
FAILS = {
    "test_random_search": "rng",
}
EDITS = {
    "solution_random_search": [
        ("results, best_net, best_val = {}, None, -1.0",
         "results, best_net, best_val = {}, None, -1.0\n"
         "    rng = np.random.default_rng(0)"),
    ],
}
