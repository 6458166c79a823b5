"""best_config reports another good setting from the random search (lr 2e-3, reg 0.3, 100 hidden units)."""
KIND = "alternative"

EDITS = {"solution_best_config": [('{"learning_rate": 1e-3, "reg": 0.01, "hidden_size": 50, "batch_size": 200}',
                                   '{"learning_rate": 2e-3, "reg": 0.3, "hidden_size": 100, "batch_size": 200}')]}
