"""The epoch loss is the mean of the batch means (the smaller last batch over-weighted)."""
KIND = "mistake"
FAILS = {'test_train_epoch': 'smaller'}

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
        total += loss.item()
        count += 1
    return total / count
