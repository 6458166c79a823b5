"""The module ends with a sigmoid: it returns probabilities, not logits."""
KIND = "mistake"
FAILS = {
    'test_fit_alternating_n3': 'logits',
    'test_fit_alternating_n4': 'logits',
}
EDITS = {
    "solution_fit_alternating": [
        ("torch.nn.Linear(64, 64), torch.nn.Tanh(), torch.nn.Linear(64, 1))",
         "torch.nn.Linear(64, 64), torch.nn.Tanh(), torch.nn.Linear(64, 1))\n"
         "    train_model = model\n"
         "    model = torch.nn.Sequential(train_model, torch.nn.Sigmoid())"),
        ("loss = torch.nn.functional.binary_cross_entropy_with_logits(model(x), target)",
         "loss = torch.nn.functional.binary_cross_entropy_with_logits(train_model(x), target)"),
        ("if (model(x) * signs).min() > 2.0:  # every point right, with a margin",
         "if (train_model(x) * signs).min() > 2.0:"),
    ],
}
