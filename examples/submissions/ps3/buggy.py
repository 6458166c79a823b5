"""Two mistakes: train_torch never calls zero_grad, and evaluate leaves the model in training mode."""
KIND = "mistake"
FAILS = {"test_train_torch": "zero_grad", "test_evaluate": "model.eval"}

# %% solution_train_torch
def train_torch(model, x, y, x_test, y_test, lr, epochs):
    loss_fn = nn.MSELoss(reduction="sum")
    train_losses, test_losses = [], []
    for _ in range(epochs):
        with torch.no_grad():
            test_losses.append(0.5 * loss_fn(model(x_test), y_test).item())
        loss = 0.5 * loss_fn(model(x), y)
        train_losses.append(loss.item())
        loss.backward()
        with torch.no_grad():
            for p in model.parameters():
                p -= lr * p.grad
    return train_losses, test_losses

# %% solution_evaluate
def evaluate(model, loader, loss_fn):
    total, correct, count = 0.0, 0, 0
    with torch.no_grad():
        for xb, yb in loader:
            logits = model(xb)
            total += loss_fn(logits, yb).item() * len(xb)
            correct += (logits.argmax(dim=1) == yb).sum().item()
            count += len(xb)
    return total / count, correct / count
