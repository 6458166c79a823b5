"""The answers of impl1 and impl3 swapped."""
KIND = "mistake"
FAILS = {
    'test_bug_location': '2 of the 3 implementations',
}

# %% solution_bug_location
bug_location = {"impl1": ["W2"], "impl2": ["W1", "b1"], "impl3": ["b2"]}
