"""The loss's gradients have the wrong sign (d/dS of the squared error taken as T - S): training climbs
the loss, and the grader's retraining of best_config says to fix loss first."""
KIND = "mistake"
FAILS = {
    "test_loss": "wrong sign",
    "test_learns": "fix loss first",
    "test_best_config": "fix loss first",
}

EDITS = {"solution_two_layer_net": [("dscores = diff / N", "dscores = -diff / N")]}
