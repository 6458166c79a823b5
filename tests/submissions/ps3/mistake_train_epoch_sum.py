"""Returns the sum of the batch losses."""
KIND = "mistake"
FAILS = {'test_train_epoch': 'sum'}
EDITS = {
    "solution_train_epoch": [
        ("total += loss.item() * len(xb)", "total += loss.item()"),
        ("return total / count", "return total"),
    ],
}
