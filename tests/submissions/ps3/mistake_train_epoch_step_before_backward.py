"""optimizer.step() called before loss.backward(): each step uses the previous batch's gradient."""
KIND = "mistake"
FAILS = {'test_train_epoch': 'step'}
EDITS = {
    "solution_train_epoch": [
        ("loss = loss_fn(model(xb), yb)",
         "loss = loss_fn(model(xb), yb)\n"
         "        optimizer.step()"),
        ("optimizer.step()\n"
         "        total += loss.item() * len(xb)",
         "total += loss.item() * len(xb)"),
    ],
}
