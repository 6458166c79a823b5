"""The module returns logits of shape (M,) instead of (M, 1)."""
KIND = "mistake"
FAILS = {
    'test_fit_alternating_n3': 'shape',
    'test_fit_alternating_n4': 'shape',
}
EDITS = {
    "solution_fit_alternating": [
        ("return model", "return torch.nn.Sequential(model, torch.nn.Flatten(0))"),
    ],
}
