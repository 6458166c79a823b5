"""The settings come from np.random (global state), not from the rng argument."""
KIND = "mistake"
FAILS = {
    "test_random_search": "rng",
}
EDITS = {
    "solution_random_search": [
        ('lr = 10 ** rng.uniform(np.log10(ranges["learning_rate"][0]), np.log10(ranges["learning_rate"][1]))\n'
         '        reg = 10 ** rng.uniform(np.log10(ranges["reg"][0]), np.log10(ranges["reg"][1]))\n'
         '        batch_size = ranges["batch_size"][rng.integers(len(ranges["batch_size"]))]\n'
         '        hidden_size = ranges["hidden_size"][rng.integers(len(ranges["hidden_size"]))]',
         'lr = 10 ** np.random.uniform(np.log10(ranges["learning_rate"][0]), np.log10(ranges["learning_rate"][1]))\n'
         '        reg = 10 ** np.random.uniform(np.log10(ranges["reg"][0]), np.log10(ranges["reg"][1]))\n'
         '        batch_size = ranges["batch_size"][np.random.randint(len(ranges["batch_size"]))]\n'
         '        hidden_size = ranges["hidden_size"][np.random.randint(len(ranges["hidden_size"]))]'),
    ],
}
