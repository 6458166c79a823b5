"""The in-place update written outside torch.no_grad()."""
KIND = "mistake"
FAILS = {'test_train_torch': 'torch.no_grad'}
EDITS = {
    "solution_train_torch": [
        ("with torch.no_grad():\n"
         "            for p in model.parameters():\n"
         "                p -= lr * p.grad",
         "for p in model.parameters():\n"
         "            p -= lr * p.grad"),
    ],
}
