"""Freezes the parameters (requires_grad False) after training."""
KIND = "mistake"
FAILS = {
    'test_fit_alternating_n3': 'trainable',
    'test_fit_alternating_n4': 'trainable',
}
EDITS = {
    "solution_fit_alternating": [
        ("return model",
         "for p in model.parameters():\n"
         "        p.requires_grad_(False)\n"
         "    return model"),
    ],
}
