"""Two names in one comma-separated string."""
KIND = "mistake"
FAILS = {
    'test_bug_location': 'not a parameter name',
}

# %% solution_bug_location
bug_location = {"impl1": "b2", "impl2": "W1, b1", "impl3": "W2"}
