"""train_epoch never zeroes the gradients, after a solution cell aliased torch.optim.Optimizer.zero_grad and replaced it by a no-op.

Inside the student's process, a check whose own SGD epoch called `optimizer.zero_grad()` accumulated
gradients too, and the wrong answer passed. The checks run in the grader (autograder.judge), with a
torch the kernel cannot touch; their oracle does not use torch.optim at all, so that even the corpus's
in-process loopback (where the "kernel" shares torch with the judge) shows what a grading kernel gets:
the same message as the same mistake without the attack (mistake_train_epoch_no_zero_grad). The next
solution cell puts the original back (in-process grading shares torch between variants).
"""
KIND = "adversarial"
E2E = True
FAILS = {"test_train_epoch": "zero_grad"}

# %% solution_train_epoch
_zero_grad = torch.optim.Optimizer.zero_grad
torch.optim.Optimizer.zero_grad = lambda self, set_to_none=True: None


def train_epoch(model, loader, optimizer, loss_fn):
    model.train()
    total, count = 0.0, 0
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
        total += loss.item() * len(xb)
        count += len(xb)
    return total / count

# %% solution_evaluate
torch.optim.Optimizer.zero_grad = _zero_grad


def evaluate(model, loader, loss_fn):
    model.eval()
    total, right, count = 0.0, 0, 0
    with torch.no_grad():
        for xb, yb in loader:
            logits = model(xb)
            total += loss_fn(logits, yb).item() * len(yb)
            right += int((logits.argmax(dim=1) == yb).sum())
            count += len(yb)
    return total / count, right / count
