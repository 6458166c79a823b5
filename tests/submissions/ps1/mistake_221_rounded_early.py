"""Every intermediate value rounded to 3 significant digits."""
KIND = "mistake"
FAILS = {"test_forward_221": 'significant'}

# %% solution_forward_221
# computed from the notebook's numbers (section 1's given cell), as a student's calculator would
r = lambda v: float(f"{v:.3g}")
z1 = np.array([r(W1[i] @ x0 + b1[i]) for i in range(2)])
x1 = np.array([r(1 / (1 + math.exp(-v))) for v in z1])
z2 = np.array([r(W2[0] @ x1 + b2[0])])
x2 = np.array([r(1 / (1 + math.exp(-z2[0])))])
loss = r(0.5 * (x2[0] - y) ** 2)
