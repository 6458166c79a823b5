"""train_epoch updates the parameters by hand (p -= lr * p.grad) instead of calling optimizer.step()."""
KIND = "mistake"
FAILS = {'test_train_epoch': 'optimizer.step'}

# %% solution_train_epoch
def train_epoch(model, loader, optimizer, loss_fn):
    """One pass over `loader` with one optimizer step per minibatch; returns the mean loss per example."""
    model.train()
    lr = optimizer.param_groups[0]["lr"]
    total, count = 0.0, 0
    for xb, yb in loader:
        model.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        with torch.no_grad():
            for p in model.parameters():
                p -= lr * p.grad
        total += loss.item() * len(xb)
        count += len(xb)
    return total / count
