"""The loss is the mean of the batch means."""
KIND = "mistake"
FAILS = {'test_evaluate': 'smaller'}
EDITS = {
    "solution_evaluate": [
        ("total += loss_fn(logits, yb).item() * len(xb)", "total += loss_fn(logits, yb).item()"),
        ("return total / count, correct / count", "return total / len(loader), correct / count"),
    ],
}
