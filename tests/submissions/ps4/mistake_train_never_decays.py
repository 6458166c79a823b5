"""The learning rate is never decayed."""
KIND = "mistake"
FAILS = {
    "test_train": "never decayed",
}
EDITS = {"solution_two_layer_net": [("                learning_rate *= learning_rate_decay\n", "")]}
