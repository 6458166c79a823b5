"""Losses recorded after each update."""
KIND = "mistake"
FAILS = {'test_train_torch': 'before'}
EDITS = {
    "solution_train_torch": [
        ("        with torch.no_grad():\n"
         "            test_losses.append(0.5 * loss_fn(model(x_test), y_test).item())\n",
         ""),
        ("        train_losses.append(loss.item())\n", ""),
        ("return train_losses, test_losses",
         "        train_losses.append(0.5 * loss_fn(model(x), y).item())\n"
         "            test_losses.append(0.5 * loss_fn(model(x_test), y_test).item())\n"
         "    return train_losses, test_losses"),
    ],
}
