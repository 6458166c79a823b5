"""Section 3 with helper functions, zip/map and log-sum-exp; tuples instead of lists."""
KIND = "alternative"
FAILS = {}

# %% solution_forward_scalar
def _sigmoid(v):
    return 1.0 / (1.0 + math.exp(-v))


def _affine(x, W, b):
    """x W + b with W stored as one row per input."""
    return tuple(bj + sum(xi * wij for xi, wij in zip(x, col)) for bj, col in zip(b, zip(*W)))


def forward_scalar(x, c, W1, b1, W2, b2):
    """Forward pass with small helpers."""
    z1 = _affine(x, W1, b1)
    h = tuple(map(_sigmoid, z1))
    o = _affine(h, W2, b2)
    lse = max(o) + math.log(sum(math.exp(v - max(o)) for v in o))
    y = tuple(math.exp(v - lse) for v in o)
    return z1, h, o, y, lse - o[c]

# %% solution_backward_scalar
def backward_scalar(x, c, W1, b1, W2, b2):
    """Backward pass with comprehensions."""
    z1, h, o, y, _ = forward_scalar(x, c, W1, b1, W2, b2)
    g_o = tuple(yk - (k == c) for k, yk in enumerate(y))
    g_h = [sum(w * g for w, g in zip(row, g_o)) for row in W2]
    g_z = tuple(gh * hj * (1 - hj) for gh, hj in zip(g_h, h))
    return {"W1": [[xi * gz for gz in g_z] for xi in x], "b1": g_z,
            "W2": [tuple(hj * g for g in g_o) for hj in h], "b2": g_o}
