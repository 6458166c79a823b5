"""Returns the last batch's loss."""
KIND = "mistake"
FAILS = {'test_train_epoch': 'last batch'}
EDITS = {"solution_train_epoch": [("return total / count", "return loss.item()")]}
