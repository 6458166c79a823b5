"""impl1 blamed on every parameter."""
KIND = "mistake"
FAILS = {
    'test_bug_location': '1 of the 3 implementations',
}

# %% solution_bug_location
bug_location = {"impl1": ["W1", "b1", "W2", "b2"], "impl2": ["W1", "b1"], "impl3": ["W2"]}
