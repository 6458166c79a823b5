"""Accuracy as the mean of the per-batch accuracies (the smaller last batch over-weighted)."""
KIND = "mistake"
FAILS = {'test_evaluate': 'count'}
EDITS = {
    "solution_evaluate": [
        ("correct += (logits.argmax(dim=1) == yb).sum().item()",
         "correct += (logits.argmax(dim=1) == yb).float().mean().item()"),
        ("return total / count, correct / count", "return total / count, correct / len(loader)"),
    ],
}
