"""Section 1 values computed step by step in float32 NumPy instead of typed in."""
KIND = "alternative"
FAILS = {}

# %% solution_forward_221
f32 = np.float32
W1_, b1_, W2_, b2_, x0_ = (np.asarray(v, dtype=f32) for v in (W1, b1, W2, b2, x0))
z1 = W1_ @ x0_ + b1_
x1 = 1 / (1 + np.exp(-z1))
z2 = W2_ @ x1 + b2_
x2 = 1 / (1 + np.exp(-z2))
loss = f32(0.5) * ((x2 - f32(y)) ** 2)[0]

# %% solution_backward_221
d2 = (x2 - f32(y)) * x2 * (1 - x2)
dW2 = np.outer(d2, x1)
db2 = d2
d1 = (W2_.T @ d2) * x1 * (1 - x1)
dW1 = np.outer(d1, x0_)
db1 = d1
