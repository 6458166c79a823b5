"""Section 1 worked out entry by entry with math.exp, as on paper, assembled into arrays."""
KIND = "alternative"
FAILS = {}

# %% solution_forward_221
s = lambda v: 1 / (1 + math.exp(-v))
z1_1 = W1[0, 0] * x0[0] + W1[0, 1] * x0[1] + b1[0]
z1_2 = W1[1, 0] * x0[0] + W1[1, 1] * x0[1] + b1[1]
h1, h2 = s(z1_1), s(z1_2)
out_in = W2[0, 0] * h1 + W2[0, 1] * h2 + b2[0]
out = s(out_in)
z1 = np.array([z1_1, z1_2])
x1 = np.array([h1, h2])
z2 = out_in
x2 = out
loss = 0.5 * (out - y) ** 2

# %% solution_backward_221
d_out = (out - y) * out * (1 - out)
d_h1 = W2[0, 0] * d_out * h1 * (1 - h1)
d_h2 = W2[0, 1] * d_out * h2 * (1 - h2)
dW2 = np.array([[d_out * h1, d_out * h2]])
db2 = np.array([d_out])
dW1 = np.array([[d_h1 * x0[0], d_h1 * x0[1]], [d_h2 * x0[0], d_h2 * x0[1]]])
db1 = np.array([d_h1, d_h2])
