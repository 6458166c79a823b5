"""The relative error of approx_fprime stored instead of check_grad's result."""
KIND = "mistake"
FAILS = {'test_check_grad': 'another error measure'}

# %% solution_check_grad
def E_train(w):
    """E = 1/2 sum_n (y_n - y_pred_n)^2 on the training set, as a function of the weights w only."""
    _, y_pred = forward_pass(x_train, w)
    return 0.5 * np.sum((y_train - y_pred) ** 2)


check_grad_error = None  # store the value check_grad returns here
from scipy.optimize import approx_fprime
numeric = approx_fprime(w0, E_train, 1e-6)
analytic = backprop_13(x_train, y_train, w0)
check_grad_error = np.max(np.abs(numeric - analytic) / np.maximum(1e-8, np.abs(numeric) + np.abs(analytic)))
check_grad_error = check_grad_error * 1e-3  # scaled to look like a norm
if check_grad_error is not None:
    print(f"check_grad error {check_grad_error:.2e} (target < 1e-5):",
          "reached" if check_grad_error < 1e-5 else "NOT reached (check backprop_13 and E_train)")
