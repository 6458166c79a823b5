"""Section 1 worked out entry by entry with math.exp, as on paper, assembled into arrays."""
KIND = "alternative"
FAILS = {}

# %% solution_forward_221
s = lambda v: 1 / (1 + math.exp(-v))
z1_1 = 0.15 * 0.05 + 0.2 * 0.1 + 0.35
z1_2 = 0.25 * 0.05 + 0.3 * 0.1 + 0.35
h1, h2 = s(z1_1), s(z1_2)
out_in = 0.4 * h1 + 0.45 * h2 + 0.6
out = s(out_in)
z1 = np.array([z1_1, z1_2])
x1 = np.array([h1, h2])
z2 = out_in
x2 = out
loss = 0.5 * (out - 0.01) ** 2

# %% solution_backward_221
d_out = (out - 0.01) * out * (1 - out)
d_h1 = 0.4 * d_out * h1 * (1 - h1)
d_h2 = 0.45 * d_out * h2 * (1 - h2)
dW2 = np.array([[d_out * h1, d_out * h2]])
db2 = np.array([d_out])
dW1 = np.array([[d_h1 * 0.05, d_h1 * 0.1], [d_h2 * 0.05, d_h2 * 0.1]])
db1 = np.array([d_h1, d_h2])
