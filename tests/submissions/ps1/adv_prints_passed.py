"""Every solution cell prints "All tests passed" instead of computing anything."""
KIND = "adversarial"
E2E = True
FAILS = {
    "test_forward_221": None, "test_backward_221": None, "test_softmax": None, "test_dl_dy": None,
    "test_dy_do": None, "test_dl_do": None, "test_forward_scalar": None, "test_backward_scalar": None,
    "test_grad_13": None, "test_backprop_deltas": None,
}

# %% solution_forward_221
print("All tests passed")

# %% solution_backward_221
print("All tests passed")

# %% solution_softmax
def softmax(o):
    print("All tests passed")

# %% solution_dl_dy
def dl_dy(y, c):
    print("All tests passed")

# %% solution_dy_do
def dy_do(y):
    print("All tests passed")

# %% solution_dl_do
def dl_do(y, c):
    print("All tests passed")

# %% solution_forward_scalar
def forward_scalar(x, c, W1, b1, W2, b2):
    print("All tests passed")

# %% solution_backward_scalar
def backward_scalar(x, c, W1, b1, W2, b2):
    print("All tests passed")

# %% solution_grad_13
def grad_13(x1, x2, y, w):
    print("All tests passed")

# %% solution_backprop_deltas
def backprop_deltas(Ws, bs, x, y):
    print("All tests passed")
