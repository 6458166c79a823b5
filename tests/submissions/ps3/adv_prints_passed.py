"""Prints "All tests passed" instead of computing, in several solution cells.

train_numpy is the reference: judged with a correct forward_pass and backprop_13 standing in, it keeps its
points (one mistake costs one function's points).
"""
KIND = "adversarial"
E2E = True
FAILS = {
    "test_forward_pass": None, "test_backprop_13": None, "test_check_grad": "check_grad_error",
    "test_train_torch": None, "test_evaluate": None,
}

# %% solution_forward_pass
def forward_pass(x, w):
    print("All tests passed")

# %% solution_backprop_13
def backprop_13(x, y, w):
    print("All tests passed")

# %% solution_check_grad
print("All tests passed")

# %% solution_train_torch
def train_torch(model, x, y, x_test, y_test, lr, epochs):
    print("All tests passed")

# %% solution_evaluate
def evaluate(model, loader, loss_fn):
    print("All tests passed")
