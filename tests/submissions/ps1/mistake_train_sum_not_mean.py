"""train_232 reports each epoch's summed loss instead of its mean."""
KIND = "mistake"
FAILS = {"test_train_232": "number of examples"}
EDITS = {"solution_train_232": [("losses.append(total / len(data))", "losses.append(total)")]}
