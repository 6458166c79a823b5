"""The range ends are used as exponents: 10**uniform(lo, hi)."""
KIND = "mistake"
FAILS = {
    "test_random_search": "outside",
}
EDITS = {
    "solution_random_search": [
        ('lr = 10 ** rng.uniform(np.log10(ranges["learning_rate"][0]), np.log10(ranges["learning_rate"][1]))\n'
         '        reg = 10 ** rng.uniform(np.log10(ranges["reg"][0]), np.log10(ranges["reg"][1]))',
         'lr = 10 ** rng.uniform(ranges["learning_rate"][0], ranges["learning_rate"][1])\n'
         '        reg = 10 ** rng.uniform(ranges["reg"][0], ranges["reg"][1])'),
    ],
}
