"""The relative error of approx_fprime stored instead of check_grad's result."""
KIND = "mistake"
FAILS = {'test_check_grad': 'check_grad'}

# %% solution_check_grad
def E_train(w):
    """E on the training set as a function of the weights only."""
    _, y_pred = forward_pass(x_train, w)
    return 0.5 * np.sum((y_train - y_pred) ** 2)


from scipy.optimize import approx_fprime
numeric = approx_fprime(w0, E_train, 1e-6)
analytic = backprop_13(x_train, y_train, w0)
check_grad_error = np.max(np.abs(numeric - analytic) / np.maximum(1e-8, np.abs(numeric) + np.abs(analytic)))
check_grad_error = check_grad_error * 1e-3  # scaled to look like a norm
print(f"check_grad error {check_grad_error:.2e} (target < 1e-5):",
      "reached" if check_grad_error < 1e-5 else "NOT reached")
