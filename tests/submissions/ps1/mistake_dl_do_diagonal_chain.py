"""dl_do by the chain rule through only the diagonal of the softmax Jacobian."""
KIND = "mistake"
FAILS = {"test_dl_do": 'diagonal'}

# %% solution_dl_do
def dl_do(y, c):
    y = np.asarray(y, dtype=float)
    return dl_dy(y, c) * y * (1 - y)
