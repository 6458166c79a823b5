"""The output layer left linear: x2 = z2."""
KIND = "mistake"
FAILS = {"test_forward_221": 'sigmoid'}

# %% solution_forward_221
z1 = np.array([0.3775, 0.3925])
x1 = np.array([0.59326999, 0.59688438])
z2 = np.array([1.10590597])
x2 = np.array([1.10590597])
loss = 0.60050494
