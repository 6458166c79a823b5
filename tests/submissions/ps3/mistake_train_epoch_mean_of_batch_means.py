"""The epoch loss is the mean of the batch means (the smaller last batch over-weighted)."""
KIND = "mistake"
FAILS = {'test_train_epoch': 'smaller'}
EDITS = {
    "solution_train_epoch": [
        ("total += loss.item() * len(xb)\n"
         "        count += len(xb)",
         "total += loss.item()\n"
         "        count += 1"),
    ],
}
