"""Every solution cell prints "All tests passed" instead of computing anything."""
KIND = "adversarial"
FAILS = {
    "test_init": None,
    "test_loss": None,
    "test_predict": None,
    "test_train": None,
    "test_learns": None,
    "test_search": None,
    "test_random_search": None,
    "test_best_config": None,
}
E2E = True

# %% solution_two_layer_net
print("All tests passed")

# %% solution_search
print("All tests passed")

# %% solution_random_search
print("All tests passed")

# %% solution_best_config
print("All tests passed")
