"""Batch size and hidden size are always the first entries of their lists."""
KIND = "mistake"
FAILS = {
    "test_random_search": "whole list",
}
EDITS = {
    "solution_random_search": [
        ('batch_size = ranges["batch_size"][rng.integers(len(ranges["batch_size"]))]\n'
         '        hidden_size = ranges["hidden_size"][rng.integers(len(ranges["hidden_size"]))]',
         'batch_size = ranges["batch_size"][0]\n'
         '        hidden_size = ranges["hidden_size"][0]'),
    ],
}
