"""forward_scalar calls section 2's NumPy softmax and converts back to floats."""
KIND = "mistake"
FAILS = {"test_forward_scalar": 'NumPy'}

# %% solution_forward_scalar
def forward_scalar(x, c, W1, b1, W2, b2):
    z1 = [sum(x[i] * W1[i][j] for i in range(2)) + b1[j] for j in range(3)]
    h = [1.0 / (1.0 + math.exp(-v)) for v in z1]
    o = [sum(h[j] * W2[j][k] for j in range(3)) + b2[k] for k in range(2)]
    y = [float(v) for v in softmax(o)]
    return z1, h, o, y, -math.log(y[c])
