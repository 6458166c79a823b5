"""σ′ computed as z(1 − z) on the pre-activation in both layers."""
KIND = "mistake"
FAILS = {"test_backward_221": 'pre-activation'}

# %% solution_backward_221
# computed from the notebook's numbers (section 1's given cell), as a student's calculator would
s = lambda v: 1 / (1 + np.exp(-v))
pre1 = W1 @ x0 + b1
a1 = s(pre1)
pre2 = W2 @ a1 + b2
a2 = s(pre2)
d2 = (a2 - y) * pre2 * (1 - pre2)
d1 = (W2.T @ d2) * pre1 * (1 - pre1)
dW2 = np.outer(d2, a1)
db2 = d2
dW1 = np.outer(d1, x0)
db1 = d1
