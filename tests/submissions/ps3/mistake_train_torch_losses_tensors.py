"""Losses stored as tensors (no .item())."""
KIND = "mistake"
FAILS = {'test_train_torch': 'item'}
EDITS = {"solution_train_torch": [("train_losses.append(loss.item())", "train_losses.append(loss)")]}
