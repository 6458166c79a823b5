"""best_config reports the weak settings of 2.1 (learning rate 1e-5), which the search never chose."""
KIND = "mistake"
FAILS = {
    "test_best_config": "learning rate is too small",
}

EDITS = {"solution_best_config": [('{"learning_rate": 1e-3, "reg": 0.01,', '{"learning_rate": 1e-5, "reg": 0.1,')]}
