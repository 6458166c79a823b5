"""backward_scalar uses np.outer and converts with .tolist()."""
KIND = "mistake"
FAILS = {"test_backward_scalar": 'NumPy'}

# %% solution_backward_scalar
def backward_scalar(x, c, W1, b1, W2, b2):
    z1, h, o, y, loss = forward_scalar(x, c, W1, b1, W2, b2)
    do = [y[k] - (1.0 if k == c else 0.0) for k in range(2)]
    dh = [sum(W2[j][k] * do[k] for k in range(2)) for j in range(3)]
    dz1 = [dh[j] * h[j] * (1.0 - h[j]) for j in range(3)]
    return {"W1": np.outer(x, dz1).tolist(), "b1": dz1,
            "W2": [[h[j] * do[k] for k in range(2)] for j in range(3)], "b2": do}
