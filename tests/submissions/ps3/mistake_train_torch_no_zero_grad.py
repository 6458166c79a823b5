"""No zero_grad: gradients accumulate from epoch to epoch."""
KIND = "mistake"
FAILS = {'test_train_torch': 'zero_grad'}
E2E = True
EDITS = {"solution_train_torch": [("        model.zero_grad()\n", "")]}
