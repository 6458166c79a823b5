"""Returns the list of layers instead of an nn.Sequential."""
KIND = "mistake"
FAILS = {'test_build_model': 'Sequential'}
EDITS = {
    "solution_build_model": [
        ("return nn.Sequential(", "return list(nn.Sequential("),
        (").to(dtype)", ").to(dtype))"),
    ],
}
