"""The loss computed as (x2 − y)², without the ½."""
KIND = "mistake"
FAILS = {"test_forward_221": 'factor'}

# %% solution_forward_221
z1 = np.array([0.3775, 0.3925])
x1 = np.array([0.59326999, 0.59688438])
z2 = np.array([1.10590597])
x2 = np.array([0.75136507])
loss = 0.54962217
