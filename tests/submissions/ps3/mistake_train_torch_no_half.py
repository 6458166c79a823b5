"""The loss is MSELoss(reduction='sum') without the ½."""
KIND = "mistake"
FAILS = {'test_train_torch': '½'}
EDITS = {
    "solution_train_torch": [
        ("test_losses.append(0.5 * loss_fn(model(x_test), y_test).item())",
         "test_losses.append(loss_fn(model(x_test), y_test).item())"),
        ("loss = 0.5 * loss_fn(model(x), y)", "loss = loss_fn(model(x), y)"),
    ],
}
