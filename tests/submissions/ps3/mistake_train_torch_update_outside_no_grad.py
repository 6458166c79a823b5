"""The in-place update written outside torch.no_grad()."""
KIND = "mistake"
FAILS = {'test_train_torch': 'torch.no_grad'}

# %% solution_train_torch
def train_torch(model, x, y, x_test, y_test, lr, epochs):
    """Full-batch gradient descent on E = 1/2 * sum of squared errors with autograd.

    Updates the model's parameters in place. Returns (train_losses, test_losses), lists of floats
    recorded before each update.
    """
    loss_fn = nn.MSELoss(reduction="sum")
    train_losses, test_losses = [], []
    for _ in range(epochs):
        with torch.no_grad():
            test_losses.append(0.5 * loss_fn(model(x_test), y_test).item())
        model.zero_grad()
        loss = 0.5 * loss_fn(model(x), y)
        train_losses.append(loss.item())
        loss.backward()
        for p in model.parameters():
            p -= lr * p.grad
    return train_losses, test_losses
