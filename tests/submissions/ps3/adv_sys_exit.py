"""Graded functions call sys.exit() to end the run before any test can fail."""
KIND = "adversarial"
E2E = True
FAILS = {
    "test_forward_pass": "sys.exit", "test_backprop_13": "SystemExit", "test_check_grad": "check_grad_error",
    "test_train_numpy": "SystemExit", "test_train_torch": "sys.exit", "test_train_epoch": "sys.exit",
}

# %% solution_forward_pass
import sys


def forward_pass(x, w):
    sys.exit()

# %% solution_train_torch
def train_torch(model, x, y, x_test, y_test, lr, epochs):
    sys.exit(0)

# %% solution_train_epoch
def train_epoch(model, loader, optimizer, loss_fn):
    raise SystemExit("done")
