"""The loss given to check_grad is the mean squared error, not E."""
KIND = "mistake"
FAILS = {'test_check_grad': 'mean squared error'}

# %% solution_check_grad
def E_train(w):
    """E = 1/2 sum_n (y_n - y_pred_n)^2 on the training set, as a function of the weights w only."""
    _, y_pred = forward_pass(x_train, w)
    return np.mean((y_train - y_pred) ** 2)


check_grad_error = None  # store the value check_grad returns here
check_grad_error = check_grad(E_train, lambda w: backprop_13(x_train, y_train, w), w0)
if check_grad_error is not None:
    print(f"check_grad error {check_grad_error:.2e} (target < 1e-5):",
          "reached" if check_grad_error < 1e-5 else "NOT reached (check backprop_13 and E_train)")
