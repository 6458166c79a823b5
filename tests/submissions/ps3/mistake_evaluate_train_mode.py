"""model.eval() missing: dropout and batch norm stay in training mode."""
KIND = "mistake"
FAILS = {'test_evaluate': 'model.eval'}
EDITS = {"solution_evaluate": [("    model.eval()\n", "")]}
