"""Only W1 named for impl2 (b1 is wrong too)."""
KIND = "mistake"
FAILS = {
    'test_bug_location': '1 of the 3 implementations',
}

# %% solution_bug_location
bug_location = {"impl1": "b2", "impl2": "W1", "impl3": "W2"}
