"""Names written in lower case ('w1')."""
KIND = "mistake"
FAILS = {
    'test_bug_location': 'case-sensitive',
}

# %% solution_bug_location
bug_location = {"impl1": ["b2"], "impl2": ["w1", "b1"], "impl3": ["w2"]}
