"""δ2 = x2 − y: the output sigmoid's derivative left out."""
KIND = "mistake"
FAILS = {"test_backward_221": 'output sigmoid'}

# %% solution_backward_221
# computed from the notebook's numbers (section 1's given cell), as a student's calculator would
s = lambda v: 1 / (1 + np.exp(-v))
a1 = s(W1 @ x0 + b1)
a2 = s(W2 @ a1 + b2)
d2 = a2 - y
d1 = (W2.T @ d2) * a1 * (1 - a1)
dW2 = np.outer(d2, a1)
db2 = d2
dW1 = np.outer(d1, x0)
db1 = d1
