"""train_232 records the loss of each epoch's last example instead of the epoch's mean."""
KIND = "mistake"
FAILS = {"test_train_232": "last example"}
EDITS = {"solution_train_232": [("losses.append(total / len(data))", "losses.append(loss)")]}
