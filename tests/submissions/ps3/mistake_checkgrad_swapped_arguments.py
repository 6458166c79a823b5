"""check_grad called with the gradient and the loss swapped: the cell raises, nothing is stored."""
KIND = "mistake"
FAILS = {'test_check_grad': 'check_grad_error'}

# %% solution_check_grad
def E_train(w):
    """E on the training set as a function of the weights only."""
    _, y_pred = forward_pass(x_train, w)
    return 0.5 * np.sum((y_train - y_pred) ** 2)


check_grad_error = check_grad(lambda w: backprop_13(x_train, y_train, w), E_train, w0)
print(f"check_grad error {check_grad_error:.2e} (target < 1e-5):",
      "reached" if check_grad_error < 1e-5 else "NOT reached")
