"""train_moons loops over range(1, iterations): one step short."""
KIND = "mistake"
FAILS = {'test_train_moons': 'per iteration'}
EDITS = {"solution_train_moons": [("for i in range(iterations):", "for i in range(1, iterations):")]}
