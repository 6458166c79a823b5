"""Returns the last batch's loss."""
KIND = "mistake"
FAILS = {'test_train_epoch': 'last batch'}

# %% solution_train_epoch
def train_epoch(model, loader, optimizer, loss_fn):
    """One pass over `loader` with one optimizer step per minibatch; returns the mean loss per example."""
    model.train()
    total, count = 0.0, 0
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
        total += loss.item() * len(xb)
        count += len(xb)
    return loss.item()
