"""model.train() never called: after evaluate the model trains in eval mode."""
KIND = "mistake"
FAILS = {'test_train_epoch': 'model.train'}
EDITS = {"solution_train_epoch": [("    model.train()\n", "")]}
