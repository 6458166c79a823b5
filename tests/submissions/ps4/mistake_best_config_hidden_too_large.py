"""best_config asks for 500 hidden units, beyond the bound of 100 the notebook states."""
KIND = "mistake"
FAILS = {
    "test_best_config": "whole number from 1 to",
}

EDITS = {"solution_best_config": [('"hidden_size": 50', '"hidden_size": 500')]}
