"""train_epoch updates the parameters by hand (p -= lr * p.grad) instead of calling optimizer.step()."""
KIND = "mistake"
FAILS = {'test_train_epoch': 'optimizer.step'}
EDITS = {
    "solution_train_epoch": [
        ("total, count = 0.0, 0",
         'lr = optimizer.param_groups[0]["lr"]\n'
         "    total, count = 0.0, 0"),
        ("optimizer.zero_grad()", "model.zero_grad()"),
        ("optimizer.step()",
         "with torch.no_grad():\n"
         "            for p in model.parameters():\n"
         "                p -= lr * p.grad"),
    ],
}
