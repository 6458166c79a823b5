"""backward_scalar uses z1(1 − z1) as the sigmoid derivative."""
KIND = "mistake"
FAILS = {"test_backward_scalar": 'pre-activation'}

# %% solution_backward_scalar
def backward_scalar(x, c, W1, b1, W2, b2):
    z1, h, o, y, loss = forward_scalar(x, c, W1, b1, W2, b2)
    do = [y[k] - (1.0 if k == c else 0.0) for k in range(2)]
    dh = [sum(W2[j][k] * do[k] for k in range(2)) for j in range(3)]
    dz1 = [dh[j] * z1[j] * (1.0 - z1[j]) for j in range(3)]
    return {"W1": [[x[i] * dz1[j] for j in range(3)] for i in range(2)], "b1": dz1,
            "W2": [[h[j] * do[k] for k in range(2)] for j in range(3)], "b2": do}
