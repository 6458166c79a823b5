"""fix_3 swaps tanh for ReLU at the same learning rate: the units die instead."""
KIND = "mistake"
FAILS = {
    'test_fix_3': 'symptom',
}
EDITS = {"solution_fix_3": [('fixed["lr"] = config["lr"] / 10', 'fixed["activation"] = "relu"')]}
