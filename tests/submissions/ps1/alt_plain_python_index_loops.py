"""Section 3 with explicit index loops and accumulators; backward_scalar reuses forward_scalar."""
KIND = "alternative"
FAILS = {}

# %% solution_forward_scalar
def forward_scalar(x, c, W1, b1, W2, b2):
    """Forward pass, plain Python."""
    z1 = []
    for j in range(3):
        s = b1[j]
        for i in range(2):
            s += x[i] * W1[i][j]
        z1.append(s)
    h = []
    for v in z1:
        h.append(1.0 / (1.0 + math.exp(-v)))
    o = []
    for k in range(2):
        s = b2[k]
        for j in range(3):
            s += h[j] * W2[j][k]
        o.append(s)
    m = o[0] if o[0] > o[1] else o[1]
    e0, e1 = math.exp(o[0] - m), math.exp(o[1] - m)
    y = [e0 / (e0 + e1), e1 / (e0 + e1)]
    loss = -math.log(y[c])
    return z1, h, o, y, loss

# %% solution_backward_scalar
def backward_scalar(x, c, W1, b1, W2, b2):
    """Backward pass, plain Python."""
    z1, h, o, y, loss = forward_scalar(x, c, W1, b1, W2, b2)
    g_o = [y[0], y[1]]
    g_o[c] -= 1.0
    gW2 = [[0.0, 0.0] for _ in range(3)]
    g_h = [0.0, 0.0, 0.0]
    for j in range(3):
        for k in range(2):
            gW2[j][k] = h[j] * g_o[k]
            g_h[j] += W2[j][k] * g_o[k]
    g_z = [g_h[j] * h[j] * (1 - h[j]) for j in range(3)]
    gW1 = [[x[i] * g_z[j] for j in range(3)] for i in range(2)]
    return {"W1": gW1, "b1": g_z[:], "W2": gW2, "b2": g_o}
