"""forward_scalar indexes W1[j][i] (the (out, in) convention of section 1)."""
KIND = "mistake"
FAILS = {"test_forward_scalar": 'IndexError'}

# %% solution_forward_scalar
def forward_scalar(x, c, W1, b1, W2, b2):
    z1 = [sum(x[i] * W1[j][i] for i in range(2)) + b1[j] for j in range(3)]
    h = [1.0 / (1.0 + math.exp(-v)) for v in z1]
    o = [sum(h[j] * W2[j][k] for j in range(3)) + b2[k] for k in range(2)]
    m = max(o)
    e = [math.exp(v - m) for v in o]
    y = [v / sum(e) for v in e]
    return z1, h, o, y, -math.log(y[c])
