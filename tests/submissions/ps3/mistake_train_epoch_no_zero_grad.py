"""optimizer.zero_grad() missing: gradients accumulate across batches."""
KIND = "mistake"
FAILS = {'test_train_epoch': 'zero_grad'}
EDITS = {"solution_train_epoch": [("        optimizer.zero_grad()\n", "")]}
