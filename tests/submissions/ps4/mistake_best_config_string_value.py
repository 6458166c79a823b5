"""best_config holds the learning rate as a string ("1e-3"), as copied from the printed table."""
KIND = "mistake"
FAILS = {
    "test_best_config": "is a string",
}

EDITS = {"solution_best_config": [('"learning_rate": 1e-3', '"learning_rate": "1e-3"')]}
