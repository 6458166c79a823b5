"""A fitted net behind an input rounded to the grid of training points."""
KIND = "mistake"
FAILS = {
    'test_fit_alternating_n3': 'continuously',
    'test_fit_alternating_n4': 'continuously',
}
EDITS = {
    "solution_fit_alternating": [
        ("return (inputs - 0.5) * 2.0**N", "return (torch.round(inputs * 2.0**N) / 2.0**N - 0.5) * 2.0**N"),
    ],
}
