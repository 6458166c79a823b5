"""optimizer.step() missing."""
KIND = "mistake"
FAILS = {'test_train_epoch': 'optimizer.step'}
EDITS = {"solution_train_epoch": [("        optimizer.step()\n", "")]}
