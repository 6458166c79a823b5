"""reg is drawn from the learning-rate range (copy-paste)."""
KIND = "mistake"
FAILS = {
    "test_random_search": "outside",
}
EDITS = {
    "solution_random_search": [
        ('reg = 10 ** rng.uniform(np.log10(ranges["reg"][0]), np.log10(ranges["reg"][1]))',
         'reg = 10 ** rng.uniform(np.log10(ranges["learning_rate"][0]), np.log10(ranges["learning_rate"][1]))'),
    ],
}
