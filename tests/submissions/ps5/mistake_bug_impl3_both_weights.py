"""impl3 blamed on both weight matrices (the reg term of W1 is there)."""
KIND = "mistake"
FAILS = {
    'test_bug_location': '1 of the 3 implementations',
}

# %% solution_bug_location
bug_location = {"impl1": ["b2"], "impl2": ["W1", "b1"], "impl3": ["W1", "W2"]}
