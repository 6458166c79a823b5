"""The loss computed as (x2 − y)², without the ½."""
KIND = "mistake"
FAILS = {"test_forward_221": 'factor'}

# %% solution_forward_221
# computed from the notebook's numbers (section 1's given cell), as a student's calculator would
s = lambda v: 1 / (1 + np.exp(-v))
z1 = W1 @ x0 + b1
x1 = s(z1)
z2 = W2 @ x1 + b2
x2 = s(z2)
loss = float((x2[0] - y) ** 2)
