"""A student who did sections 1, 2 and 4.1, but not fit_alternating, fixed_backward or dead_fraction."""
KIND = "partial"
FAILS = {
    "test_fit_alternating_n3": "NotImplementedError",
    "test_fit_alternating_n4": "not implemented",
    "test_fixed_backward": "NotImplementedError",
    "test_dead_fraction": "NotImplementedError",
}
UNANSWERED = ["solution_fit_alternating", "solution_fixed_backward", "solution_dead_fraction"]
