"""model.eval() missing: dropout and batch norm stay in training mode."""
KIND = "mistake"
FAILS = {'test_evaluate': 'model.eval'}

# %% solution_evaluate
def evaluate(model, loader, loss_fn):
    """(mean loss per example, accuracy in [0, 1]) in evaluation mode, without gradients."""
    total, correct, count = 0.0, 0, 0
    with torch.no_grad():
        for xb, yb in loader:
            logits = model(xb)
            total += loss_fn(logits, yb).item() * len(xb)
            correct += (logits.argmax(dim=1) == yb).sum().item()
            count += len(xb)
    return total / count, correct / count
