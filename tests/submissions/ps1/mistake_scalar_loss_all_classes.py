"""forward_scalar sums −log y over both classes instead of taking the target class only."""
KIND = "mistake"
FAILS = {"test_forward_scalar": "all classes"}

# %% solution_forward_scalar
def forward_scalar(x, c, W1, b1, W2, b2):
    z1 = [sum(x[i] * W1[i][j] for i in range(2)) + b1[j] for j in range(3)]
    h = [1.0 / (1.0 + math.exp(-v)) for v in z1]
    o = [sum(h[j] * W2[j][k] for j in range(3)) + b2[k] for k in range(2)]
    m = max(o)
    e = [math.exp(v - m) for v in o]
    y = [v / sum(e) for v in e]
    return z1, h, o, y, -sum(math.log(v) for v in y)
