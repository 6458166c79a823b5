"""p = p - lr * p.grad rebinds the loop variable: the model is never updated."""
KIND = "mistake"
FAILS = {'test_train_torch': 'in place'}
EDITS = {"solution_train_torch": [("p -= lr * p.grad", "p = p - lr * p.grad")]}
