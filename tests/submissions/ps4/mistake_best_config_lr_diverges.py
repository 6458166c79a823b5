"""best_config reports a learning rate of 1e-2, beyond where training diverges (about 5e-3)."""
KIND = "mistake"
FAILS = {
    "test_best_config": "learning rate is too large",
}

EDITS = {"solution_best_config": [('"learning_rate": 1e-3', '"learning_rate": 1e-2')]}
